using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace StellarMemory.Functions.PortableHost;

/// <summary>Cross-origin access for browser clients on other origins (the landing page hosted apart, a browser
/// extension, a web app): the origins listed in <c>Http:AllowedOrigins</c> (comma-separated, none by default) get
/// preflights answered and may send credentials; any other origin gets no CORS header at all, so the browser keeps
/// its same-origin rule. Under the Functions host the platform's own CORS list answers preflights instead.</summary>
public static class CrossOriginPolicy
{
    public const string Setting = "Http:AllowedOrigins";

    /// <summary>How long a browser may reuse a preflight answer.</summary>
    public static readonly TimeSpan PreflightMaxAge = TimeSpan.FromMinutes(10);

    // What a browser script may read besides the CORS-safelisted headers: the rate limit, where a 201 or a
    // redirect points, why a 401 was refused, and the MCP session.
    private static readonly string[] ExposedHeaders =
        ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After", "Location", "WWW-Authenticate", "Mcp-Session-Id"];

    private static readonly string[] Methods = ["GET", "POST", "PATCH", "DELETE"];

    /// <summary>The listed origins, each as scheme://host[:port]; a malformed entry stops the host at startup
    /// rather than silently allowing nothing (or too much).</summary>
    public static IReadOnlyList<string> AllowedOrigins(IConfiguration configuration) =>
        (configuration[Setting] ?? "")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(Normalize)
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    public static IServiceCollection AddCrossOriginPolicy(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = AllowedOrigins(configuration);
        return services.AddCors(options => options.AddDefaultPolicy(policy => policy
            // A predicate rather than WithOrigins, so that every allowed answer says Vary: Origin.
            .SetIsOriginAllowed(origin => origins.Contains(origin, StringComparer.OrdinalIgnoreCase))
            .WithMethods(Methods)
            .AllowAnyHeader()
            .WithExposedHeaders(ExposedHeaders)
            .AllowCredentials()
            .SetPreflightMaxAge(PreflightMaxAge)));
    }

    private static string Normalize(string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.PathAndQuery != "/" || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new InvalidOperationException(
                $"{Setting} lists '{origin}', which is not an origin: write scheme://host[:port], such as https://app.example.com, "
                + "comma-separated. A wildcard is not accepted, since allowed origins may send credentials.");
        }
        return uri.GetLeftPart(UriPartial.Authority);
    }
}
