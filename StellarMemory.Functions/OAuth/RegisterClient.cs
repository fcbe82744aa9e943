using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using StellarMemory.Core.OAuth;
using StellarMemory.Core.Usage;

namespace StellarMemory.Functions.OAuth;

/// <summary>POST /oauth/register: dynamic client registration (RFC 7591), which the MCP authorization specification
/// asks of servers whose clients are not known in advance. Redirect URIs must be https, or http on the loopback
/// interface; errors are RFC 7591's (<c>invalid_redirect_uri</c>, <c>invalid_client_metadata</c>). Registration is
/// open, so a client address may register <c>OAuth:RegistrationsPerAddressPerHour</c> clients an hour (default 30).</summary>
public sealed class RegisterClient(OAuthClientRegistry registry, SlidingWindowRateLimiter rateLimiter, ClientAddress addresses,
    IConfiguration configuration)
{
    // RFC 7591 §2: a server ignores client metadata it does not understand, so this reader, unlike the API's, does not
    // refuse unknown fields.
    private static readonly JsonSerializerOptions Lenient = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    [Function(nameof(RegisterClient))]
    [Description("Registers an OAuth client (RFC 7591 dynamic client registration) as a public client that proves itself with PKCE. Redirect URIs must be https, or http on the loopback interface.")]
    [ApiRequestBody(typeof(ClientRegistrationRequest),
        Example = """{"client_name": "My assistant", "redirect_uris": ["http://127.0.0.1:33418/callback"], "token_endpoint_auth_method": "none"}""")]
    [ApiResponse(StatusCodes.Status201Created, typeof(RegisteredClient))]
    [ApiResponse(StatusCodes.Status400BadRequest, typeof(OAuthError), Description = "invalid_redirect_uri or invalid_client_metadata.")]
    [ApiProblem(StatusCodes.Status429TooManyRequests, "rate-limited")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "oauth/register")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var perHour = configuration.GetValue("OAuth:RegistrationsPerAddressPerHour", 30);
        var decision = await rateLimiter.HitAsync("oauth-register:" + addresses.Of(request), perHour, TimeSpan.FromHours(1), cancellationToken);
        if (!decision.Allowed)
        {
            request.HttpContext.Response.Headers.RetryAfter =
                ((long)Math.Ceiling(decision.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return ApiResults.Problem(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many client registrations.",
                $"This address registered {perHour} clients within the hour; try again after Retry-After seconds.");
        }
        var body = await RawBody.ReadAsync(request, 16 * 1024, cancellationToken);
        ClientRegistrationRequest? metadata;
        try
        {
            metadata = body is null ? null : JsonSerializer.Deserialize<ClientRegistrationRequest>(body, Lenient);
        }
        catch (JsonException)
        {
            metadata = null;
        }
        if (metadata is null)
        {
            return OAuthErrors.Json(request.HttpContext.Response, "invalid_client_metadata", "The body must be a JSON object of client metadata (RFC 7591), at most 16 KB.");
        }
        var uris = metadata.RedirectUris ?? [];
        if (!RedirectUriRule.AreAllowed(uris))
        {
            return OAuthErrors.Json(request.HttpContext.Response, "invalid_redirect_uri",
                $"redirect_uris must list 1 to {RedirectUriRule.MaxCount} absolute URIs, each https or http on the loopback interface (127.0.0.1, [::1], localhost), without a fragment.");
        }
        if (metadata.GrantTypes is { } grants && grants.Any(g => g is not ("authorization_code" or "refresh_token")))
        {
            return OAuthErrors.Json(request.HttpContext.Response, "invalid_client_metadata", "grant_types may only be authorization_code and refresh_token.");
        }
        if (metadata.ResponseTypes is { } responses && responses.Any(r => r != "code"))
        {
            return OAuthErrors.Json(request.HttpContext.Response, "invalid_client_metadata", "response_types may only be code.");
        }
        var client = await registry.RegisterAsync(metadata.ClientName, uris, cancellationToken);
        OAuthErrors.NoStore(request.HttpContext.Response);
        return ApiResults.Json(new RegisteredClient(client.ClientId, client.CreatedAt.ToUnixTimeSeconds(), client.ClientName, client.RedirectUris,
            ["authorization_code", "refresh_token"], ["code"], "none", OAuthScopes.Join(OAuthScopes.All)), StatusCodes.Status201Created);
    }
}
