using StellarMemory.Core.Operations;

namespace StellarMemory.Functions.Admin;

/// <summary>GET /admin/audit?target=&amp;limit=: the newest admin actions, of one target (such as account:&lt;id&gt;) or all.</summary>
public sealed class ListAdminAudit(AdminGate gate, AdminAudit audit)
{
    public const int MaxLimit = 500;

    /// <summary>Audit entries, newest first.</summary>
    public sealed record AuditEntries(IReadOnlyList<AdminAudit.Entry> Entries);

    [Function(nameof(ListAdminAudit))]
    [Description("The newest admin actions, of one target (such as account:<id>) or all.")]
    [RequiresAdminSession]
    [ApiQuery("target", typeof(string), "Only actions on this target, such as account:<id>.")]
    [ApiQuery("limit", typeof(int), "At most this many entries, newest first (1 to 500, default 100).")]
    [ApiResponse(StatusCodes.Status200OK, typeof(AuditEntries))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/audit")] HttpRequest request) =>
        gate.RunAsync(request, async _ =>
        {
            if (QueryValues.Int(request, "limit", out var limit) is { } error)
            {
                return ApiResults.Invalid(error);
            }
            if (limit is < 1 or > MaxLimit)
            {
                return ApiResults.InvalidField("limit", $"limit must be from 1 to {MaxLimit}.");
            }
            var target = QueryValues.String(request, "target");
            return ApiResults.Json(new AuditEntries(
                await audit.ListAsync(string.IsNullOrEmpty(target) ? null : target, limit ?? 100, request.HttpContext.RequestAborted)));
        });
}
