using StellarMemory.Core.Operations;

namespace StellarMemory.Functions.Admin;

/// <summary>POST /admin/webhooks/{id}/replay: applies again one stored webhook event that was not applied.</summary>
public sealed class ReplayWebhookEvent(AdminGate gate, WebhookReplay replay)
{
    [Function(nameof(ReplayWebhookEvent))]
    [Description("Applies again one stored webhook event that was not applied.")]
    [RequiresAdminSession]
    [ApiRequestBody(typeof(AdminReasonRequest), Example = """{"reason": "The event failed while the database was down; applying it again."}""")]
    [ApiResponse(StatusCodes.Status202Accepted, Description = "Queued to be applied.")]
    [ApiProblem(StatusCodes.Status404NotFound, "not-found")]
    [ApiProblem(StatusCodes.Status409Conflict, "already-processed")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/webhooks/{id}/replay")] HttpRequest request,
        string id) =>
        gate.RunReasonedAsync(request, id, "webhook event", async (actor, eventId, reason, cancellationToken) =>
            await replay.ReplayAsync(new AdminAction(actor, "replay-webhook-event", AdminAction.WebhookEvent(eventId), reason),
                eventId, cancellationToken) switch
            {
                WebhookReplay.Outcome.Replayed => new StatusCodeResult(StatusCodes.Status202Accepted),
                WebhookReplay.Outcome.AlreadyProcessed => ApiResults.Problem(StatusCodes.Status409Conflict, "already-processed",
                    "The event was already applied.", "Applied events are not replayed; the provider's current state is read on every event."),
                _ => ApiResults.NotFound("webhook event"),
            });
}
