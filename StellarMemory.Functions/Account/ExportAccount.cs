using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Account;

/// <summary>GET /account/export: the whole account as one JSON document (profile, keys without secrets, memories with
/// metadata, subscriptions, invoices, usage by day), streamed as it is read.</summary>
public sealed class ExportAccount(ApiGate gate, AccountExport export)
{
    [Function(nameof(ExportAccount))]
    [Description("The whole account as one JSON document (profile, keys without secrets, memories with metadata, subscriptions, invoices, usage by day), streamed as it is read.")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status200OK, Description = "The account as JSON (stellar-memory-export/1), as a download.")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "account/export")] HttpRequest request) =>
        gate.RunAsync(request, nameof(ExportAccount), call =>
            Task.FromResult<IActionResult>(new ExportResult(export, call.Caller.AccountId)), GateAccess.ApiKeyOrSession);

    private sealed class ExportResult(AccountExport export, Guid accountId) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.Headers.ContentDisposition = $"attachment; filename=\"stellar-memory-{accountId}.json\"";
            response.Headers.CacheControl = "no-store";
            await export.WriteAsync(accountId, response.Body, context.HttpContext.RequestAborted);
        }
    }
}
