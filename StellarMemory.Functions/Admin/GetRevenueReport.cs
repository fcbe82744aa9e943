using StellarMemory.Core.Operations;

namespace StellarMemory.Functions.Admin;

/// <summary>GET /admin/reports/revenue?from=YYYY-MM&amp;to=YYYY-MM: MRR, subscribers and renewals from our records.</summary>
public sealed class GetRevenueReport(AdminGate gate, RevenueReporter reporter, TimeProvider time)
{
    [Function(nameof(GetRevenueReport))]
    [Description("MRR, subscribers and renewals from our records.")]
    [RequiresAdminSession]
    [ApiQuery("from", typeof(string), "First month, YYYY-MM (default: eleven months before to).")]
    [ApiQuery("to", typeof(string), "Last month, YYYY-MM (default: this month).")]
    [ApiResponse(StatusCodes.Status200OK, typeof(RevenueReport))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/reports/revenue")] HttpRequest request) =>
        gate.RunAsync(request, async _ =>
        {
            var range = MonthRange.Parse(QueryValues.String(request, "from"), QueryValues.String(request, "to"), time.GetUtcNow(), out var error);
            return range is null
                ? ApiResults.InvalidField("from", error!)
                : ApiResults.Json(await reporter.BuildAsync(range, request.HttpContext.RequestAborted));
        });
}
