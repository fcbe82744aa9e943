using Microsoft.Extensions.Configuration;

namespace StellarMemory.Functions.PortableHost;

/// <summary>Where an HTTP function is served: its path under host.json's routePrefix and its methods
/// (empty: every method), computed as the Functions host computes them.</summary>
public sealed record HttpFunctionRoute(FunctionDescriptor Function, HttpTriggerAttribute Trigger, string Path, IReadOnlyList<string> Methods)
{
    /// <summary>The Functions host's routePrefix when host.json names none.</summary>
    public const string DefaultRoutePrefix = "api";

    public static IReadOnlyList<HttpFunctionRoute> All(FunctionCatalog catalog, IConfiguration configuration)
    {
        var prefix = configuration[HostJsonConfiguration.Prefix + ":extensions:http:routePrefix"] ?? DefaultRoutePrefix;
        return catalog.Http
            .Select(http => new HttpFunctionRoute(http.Function, http.Trigger,
                Combine(prefix, http.Trigger.Route ?? http.Function.Name),
                (http.Trigger.Methods ?? []).Select(m => m.ToUpperInvariant()).ToArray()))
            .ToArray();
    }

    private static string Combine(string prefix, string route) =>
        "/" + string.Join('/', new[] { prefix.Trim('/'), route.Trim('/') }.Where(part => part.Length > 0));
}
