using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StellarMemory.Core.Health;
using StellarMemory.Functions.OpenApi;

namespace StellarMemory.Functions.Functions.Health;

/// <summary>Anonymous liveness: 200 when the database and queues answer, 503 naming what is down.</summary>
public sealed class GetHealth(HealthProbe probe)
{
    [Function(nameof(GetHealth))]
    [Description("Whether the service and what it depends on (the database, the queues) answer; 503 names what is down. No key needed.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(HealthResponse))]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, typeof(HealthResponse), Description = "A dependency is down; the body names it.")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var report = await probe.CheckAsync(cancellationToken);
        var body = new HealthResponse(report.Status, report.Database, report.Queues, report.Version);
        return new ObjectResult(body) { StatusCode = report.IsHealthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable };
    }
}
