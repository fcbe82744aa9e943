using System.Globalization;
using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Http;

/// <summary>Reads and checks the API key a request presents, for the REST gate and the MCP endpoint alike: one
/// credential only, addresses with too many recent failures turned away before any lookup, and every key that
/// fails counted (a request with no key at all is a plain 401 and counts nothing).</summary>
public sealed class RequestAuthenticator(ApiKeyAuthenticator keys, FailedAuthenticationLimiter failures, ClientAddress addresses)
{
    /// <summary>The outcome: the key's ids, or a problem to answer with, or why the key was refused (the caller's
    /// 401, see <see cref="Unauthorized"/>).</summary>
    public sealed record Result((Guid KeyId, Guid AccountId)? Key, IActionResult? Problem, KeyRejection? Rejection = null);

    /// <summary>The 401 for a refused key, saying what was wrong with it and what to do; <c>reason</c> carries the
    /// same for programs.</summary>
    public static IActionResult Unauthorized(KeyRejection rejection, string howToSend)
    {
        var detail = rejection switch
        {
            KeyRejection.Missing => $"No API key was sent. {howToSend}",
            KeyRejection.Malformed => "The key sent is not a Stellar Memory key: ours are 'sk-stellar-' followed by 44 letters and "
                + "digits. Check that it was copied whole, without quotes or spaces.",
            KeyRejection.Revoked => "This API key was revoked. Use another active key of the account, or create one in the account view.",
            _ => "This API key does not exist. Check that it was copied whole, or create a new one in the account view.",
        };
        // "Invalid API key" in the title is what header-based MCP clients show their user, so it says it plainly.
        var title = rejection == KeyRejection.Missing ? "A valid API key is required." : "Invalid API key.";
        return ApiResults.Problem(StatusCodes.Status401Unauthorized, "unauthorized", title, detail,
            new Dictionary<string, object?> { ["reason"] = rejection.ToString().ToLowerInvariant() });
    }

    public async Task<Result> AuthenticateAsync(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        var bearer = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
        var header = request.Headers["X-API-Key"].FirstOrDefault()?.Trim();
        if (bearer is not null && header is not null && bearer != header)
        {
            return new Result(null, ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid-request", "Send one credential.",
                "The request carries two different keys, in Authorization and X-API-Key; send your key in one of them."));
        }
        var address = addresses.Of(request);
        if (failures.RetryAfter(address) is { } wait)
        {
            request.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return new Result(null, ApiResults.Problem(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many failed authentications.",
                $"This address presented {failures.MaxFailures} invalid keys within a minute; try again after Retry-After seconds."));
        }
        var check = await keys.CheckAsync(bearer ?? header, request.HttpContext.RequestAborted);
        if (check.Rejection is KeyRejection.Suspended)
        {
            return new Result(null, ApiResults.Problem(StatusCodes.Status403Forbidden, "account-suspended", "This account is suspended.",
                "The key is valid, but its account is suspended; contact support."), check.Rejection);
        }
        if (check.Rejection is not (null or KeyRejection.Missing))
        {
            failures.RecordFailure(address);
        }
        return new Result(check.Key, null, check.Rejection);
    }
}
