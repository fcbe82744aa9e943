using System.Text.Json;
using Microsoft.Extensions.Configuration;
using StellarMemory.Functions.Reference;
using StellarMemory.Functions.PortableHost;

namespace StellarMemory.Functions.OpenApi;

/// <summary>The OpenAPI document of the routes this host serves, built once per process from its function catalog.</summary>
public sealed class OpenApiDocumentProvider
{
    /// <summary>Where the document is served when the host leaves its function out.</summary>
    public const string DefaultPath = "/openapi.json";

    // Readable: descriptions keep their backticks and quotes rather than \u0060 escapes.
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
    private readonly Lazy<string> _json;

    public OpenApiDocumentProvider(FunctionCatalog catalog, IConfiguration configuration)
    {
        var routes = HttpFunctionRoute.All(catalog, configuration);
        _json = new Lazy<string>(() => new OpenApiDocumentBuilder(routes).Build().ToJsonString(Indented));
        DocumentPath = routes.FirstOrDefault(r => r.Function.Name == nameof(GetOpenApiDocument))?.Path ?? DefaultPath;
    }

    public string Json => _json.Value;

    public string DocumentPath { get; }
}
