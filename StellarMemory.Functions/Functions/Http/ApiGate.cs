using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using StellarMemory.Core.Accounts;
using StellarMemory.Core.Embeddings;
using StellarMemory.Core.Usage;

namespace StellarMemory.Functions.Functions.Http;

/// <summary>What every authenticated route does around its work: check the key, count the request
/// against the plan's rate limit (shared by all instances), add the rate-limit headers, and meter it.</summary>
public sealed class ApiGate(
    ApiKeyAuthenticator authenticator,
    SlidingWindowRateLimiter rateLimiter,
    UsageRecorder usage,
    TimeProvider time)
{
    public async Task<IActionResult> RunAsync(HttpRequest request, string function, Func<ApiCall, Task<IActionResult>> handler)
    {
        var started = Stopwatch.GetTimestamp();
        var cancellationToken = request.HttpContext.RequestAborted;
        if (await authenticator.AuthenticateAsync(PresentedKey(request), cancellationToken) is not { } key)
        {
            request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return ApiResults.Problem(StatusCodes.Status401Unauthorized, "unauthorized", "A valid API key is required.",
                "Send your key as 'Authorization: Bearer sk-stellar-...' or in the X-API-Key header.");
        }
        if (await rateLimiter.HitAccountAsync(key.AccountId, cancellationToken) is not var (tier, decision))
        {
            return ApiResults.Problem(StatusCodes.Status401Unauthorized, "unauthorized", "A valid API key is required.");
        }

        var headers = request.HttpContext.Response.Headers;
        headers["X-RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = Seconds(decision.ResetAfter);

        var caller = new Caller(key.AccountId, key.KeyId, tier);
        IActionResult result;
        try
        {
            if (decision.Allowed)
            {
                result = await handler(new ApiCall(caller, decision));
            }
            else
            {
                headers.RetryAfter = Seconds(decision.RetryAfter);
                result = ApiResults.Problem(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests.",
                    $"Your plan allows {decision.Limit} requests per minute; retry after {Seconds(decision.RetryAfter)} s.",
                    new Dictionary<string, object?> { ["limit"] = decision.Limit, ["tier"] = tier });
            }
        }
        catch (EmbeddingUnavailableException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The hosted embedding model is down or answered nonsense: nothing was stored or changed.
            headers.RetryAfter = "5";
            result = ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, "service-unavailable",
                "The embedding model is unavailable.", ex.Message);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            Record(caller, function, StatusCodes.Status500InternalServerError, started);
            throw;
        }
        return new MeteredResult(result, status => Record(caller, function, status, started));
    }

    private void Record(Caller caller, string function, int status, long started) =>
        usage.Record(new UsageEvent(caller.AccountId, caller.KeyId, function, status,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, time.GetUtcNow()));

    /// <summary>The key a request presents, from `Authorization: Bearer` or `X-API-Key`.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }
        return request.Headers["X-API-Key"].FirstOrDefault()?.Trim();
    }

    private static string Seconds(TimeSpan span) =>
        ((long)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
