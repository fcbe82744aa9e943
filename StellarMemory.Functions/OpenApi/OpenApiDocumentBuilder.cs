using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing.Patterns;
using StellarMemory.Functions.PortableHost;

namespace StellarMemory.Functions.OpenApi;

/// <summary>Builds the OpenAPI 3.1 document of the HTTP functions a host serves: one operation per route and method,
/// described by the function's trigger and its <c>Api...</c> attributes.</summary>
public sealed class OpenApiDocumentBuilder(IReadOnlyList<HttpFunctionRoute> routes)
{
    public const string OpenApiVersion = "3.1.1";
    public const string Title = "Stellar Memory Cloud API";

    // A trigger without methods answers every method; these are the ones OpenAPI can name.
    private static readonly string[] AllMethods = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"];

    public JsonObject Build()
    {
        var schemas = new OpenApiSchemaRegistry();
        schemas.Add(OpenApiComponents.ProblemSchema, OpenApiComponents.Problem());
        var paths = new JsonObject();
        foreach (var path in routes.GroupBy(r => OpenApiPath(r.Path)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var item = new JsonObject();
            foreach (var route in path)
            {
                var methods = route.Methods.Count > 0 ? route.Methods : AllMethods;
                foreach (var method in methods)
                {
                    var key = method.ToLowerInvariant();
                    if (item.ContainsKey(key))
                    {
                        throw new InvalidOperationException($"Two functions serve {method} {path.Key}.");
                    }
                    item[key] = new OpenApiOperationBuilder(route, method, methods.Count > 1, schemas).Build();
                }
            }
            paths[path.Key] = item;
        }

        return new JsonObject
        {
            ["openapi"] = OpenApiVersion,
            ["info"] = new JsonObject
            {
                ["title"] = Title,
                ["version"] = Version(),
                ["summary"] = "A hosted memory API for AI agents: store what an agent learns, recall what is relevant.",
                ["description"] = "Authenticate with `Authorization: Bearer sk-stellar-...` or `X-API-Key`. Errors are RFC 9457 "
                    + "`application/problem+json`. Authenticated responses carry `X-RateLimit-Limit`, `X-RateLimit-Remaining` "
                    + "and `X-RateLimit-Reset`; a 429 adds `Retry-After`.",
                ["contact"] = new JsonObject
                {
                    ["name"] = "Stellar Memory Cloud",
                    ["url"] = "https://stellarmemory.cloud",
                    ["email"] = "sales@stellarmemory.cloud",
                },
                ["license"] = new JsonObject
                {
                    ["name"] = "Proprietary: used under the Stellar Memory Cloud terms of service",
                    ["url"] = "https://stellarmemory.cloud/terms",
                },
            },
            // Relative: the API is wherever this document was fetched from, whichever host or deployment serves it.
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/", ["description"] = "The deployment that serves this document." }),
            ["tags"] = OpenApiTags.Declare(routes.Select(route => OpenApiTags.Of(route.Function.Type))),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas.Schemas,
                ["headers"] = OpenApiComponents.Headers(),
                ["securitySchemes"] = OpenApiComponents.SecuritySchemes(),
            },
        };
    }

    /// <summary>The path as OpenAPI writes it: ASP.NET route parameters without their constraints or catch-all marks.</summary>
    public static string OpenApiPath(string routeTemplate) =>
        "/" + string.Join('/', RoutePatternFactory.Parse(routeTemplate).PathSegments.Select(segment => string.Concat(
            segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
                RoutePatternSeparatorPart separator => separator.Content,
                _ => throw new InvalidOperationException($"Unexpected route part in {routeTemplate}."),
            }))));

    private static string Version()
    {
        var version = typeof(OpenApiDocumentBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? "0.0.0";
        return version.Split('+')[0]; // without the source revision the SDK appends
    }
}
