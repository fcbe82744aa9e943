using Microsoft.Extensions.DependencyInjection;
using StellarMemory.Core.Storage;
using StellarMemory.Functions.Health;

namespace StellarMemory.Functions.Http;

/// <summary>Until this instance has run the migrations (<see cref="StartupReadiness"/>), HTTP functions answer 503
/// problem+json with Retry-After instead of reaching a schema that is not there yet. Health answers itself, naming the
/// state. Both hosts ask here: the portable host before each invocation, the Functions host through
/// <see cref="StartupGateMiddleware"/>.</summary>
public static class StartupGate
{
    public static bool Holds(IServiceProvider services, string function) =>
        function != nameof(GetHealth) && !services.GetRequiredService<StartupReadiness>().IsReady;

    public static IActionResult Answer(HttpContext context) => ApiResults.ServiceUnavailable(context.Response,
        "The service is starting: its database schema is being brought up to date; nothing was changed. Try again after Retry-After seconds.");
}
