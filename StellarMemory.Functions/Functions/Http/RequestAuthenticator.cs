using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Functions.Http;

/// <summary>Reads and checks the API key a request presents, for the REST gate and the MCP endpoint alike: one
/// credential only, addresses with too many recent failures turned away before any lookup, and every key that
/// fails counted (a request with no key at all is a plain 401 and counts nothing).</summary>
public sealed class RequestAuthenticator(ApiKeyAuthenticator keys, FailedAuthenticationLimiter failures, ClientAddress addresses)
{
    /// <summary>The outcome: the key's ids, or a problem to answer with, or neither (no valid key: the caller's 401).</summary>
    public sealed record Result((Guid KeyId, Guid AccountId)? Key, IActionResult? Problem);

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
        var presented = bearer ?? header;
        var key = await keys.AuthenticateAsync(presented, request.HttpContext.RequestAborted);
        if (key is null && !string.IsNullOrEmpty(presented))
        {
            failures.RecordFailure(address);
        }
        return new Result(key, null);
    }
}
