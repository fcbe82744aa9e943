using StellarMemory.Core.Health;
using StellarMemory.Core.Storage;

namespace StellarMemory.Functions.Health;

/// <summary>Anonymous liveness: 200 when the database and queues answer and the migrations have run; 503 naming what is
/// down, or "starting" (with Retry-After) while this instance is still bringing the schema up to date.</summary>
public sealed class GetHealth(HealthProbe probe, StartupReadiness readiness)
{
    [Function(nameof(GetHealth))]
    [Description("Whether the service and what it depends on (the database, the queues) answer; 503 names what is down. No key needed.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(HealthResponse))]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, typeof(HealthResponse), Description = "A dependency is down, or the instance is starting; the body says which.")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var report = await probe.CheckAsync(cancellationToken);
        var starting = !readiness.IsReady;
        if (starting)
        {
            request.HttpContext.Response.Headers.RetryAfter = ApiResults.OutageRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var body = new HealthResponse(starting ? "starting" : report.Status, report.Database, report.Queues, report.Version);
        return new ObjectResult(body) { StatusCode = report.IsHealthy && !starting ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable };
    }
}
