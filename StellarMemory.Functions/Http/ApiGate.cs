using System.Diagnostics;
using System.Globalization;
using StellarMemory.Core.Accounts;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Usage;
using StellarMemory.Functions.Auth;

namespace StellarMemory.Functions.Http;

/// <summary>What every authenticated route does around its work: check the key, count the request
/// against the plan's rate limit (shared by all instances), add the rate-limit headers, and meter it. The account
/// view's own reads are neither counted nor metered (<see cref="AccountViewRequest"/>).</summary>
public sealed class ApiGate(
    RequestAuthenticator authenticator,
    SessionAuthenticator sessions,
    SlidingWindowRateLimiter rateLimiter,
    RateLimitWindowReader windows,
    CallAdmission calls)
{
    public async Task<IActionResult> RunAsync(HttpRequest request, string function, Func<ApiCall, Task<IActionResult>> handler,
        GateAccess access = GateAccess.ApiKey)
    {
        var started = Stopwatch.GetTimestamp();
        var cancellationToken = request.HttpContext.RequestAborted;
        var authentication = access == GateAccess.Session
            || (access == GateAccess.ApiKeyOrSession && SessionAuthenticator.OffersSessionOnly(request))
                ? await sessions.AuthenticateAsync(request)
                : await authenticator.AuthenticateAsync(request);
        if (authentication.Problem is { } refused)
        {
            return refused;
        }
        if (authentication.Key is not { } key)
        {
            request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return RequestAuthenticator.Unauthorized(authentication.Rejection ?? KeyRejection.Missing,
                "Send your key as 'Authorization: Bearer sk-stellar-...' or in the X-API-Key header.");
        }
        var accountView = AccountViewRequest.Claims(request, function)
            && (await rateLimiter.HitAsync(AccountViewRequest.Bucket(key.AccountId), AccountViewRequest.PerMinute,
                SlidingWindowRateLimiter.Minute, cancellationToken)).Allowed;
        var admission = accountView
            ? await windows.ReadAccountAsync(key.AccountId, cancellationToken)
            : await calls.AdmitAsync(key.AccountId, cancellationToken);
        if (admission is not var (tier, decision))
        {
            // The account was deleted after its key was checked.
            return RequestAuthenticator.Unauthorized(KeyRejection.Unknown, "");
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
        catch (Exception ex) when (TransientFailure.Is(ex) && !cancellationToken.IsCancellationRequested)
        {
            // The database, the queue service or the embedding model failed under the work: nothing was changed;
            // metered as the 503 the client gets.
            result = DependencyOutage.Answer(request.HttpContext, function, ex);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested && !accountView)
        {
            calls.Meter(caller, function, StatusCodes.Status500InternalServerError, started);
            throw;
        }
        return accountView ? result : new MeteredResult(result, status => calls.Meter(caller, function, status, started));
    }

    private static string Seconds(TimeSpan span) =>
        ((long)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
