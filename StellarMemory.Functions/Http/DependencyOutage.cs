using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StellarMemory.Functions.Http;

/// <summary>What an HTTP function answers when a dependency fails under it (the database, the queue service, the
/// embedding model): the same detail whatever failed, so no internal address reaches a client;
/// a 503 problem with Retry-After, at once, never a 500. Both hosts route such failures here: the portable host
/// around each invocation, the Functions host through <see cref="DependencyOutageMiddleware"/>.</summary>
public static class DependencyOutage
{
    public static IActionResult Answer(HttpContext context, string function, Exception failure)
    {
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DependencyOutage).FullName!)
            .LogWarning(failure, "{Function} answered 503: a dependency is unavailable", function);
        return ApiResults.ServiceUnavailable(context.Response,
            "A service this API depends on is unavailable; nothing was changed. Try again after Retry-After seconds.");
    }
}
