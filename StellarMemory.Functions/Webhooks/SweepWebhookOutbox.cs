using StellarMemory.Core.Billing;

namespace StellarMemory.Functions.Webhooks;

/// <summary>Every 30 seconds: enqueues stored webhook events that are unprocessed and due (never enqueued, their
/// message lost, or their retry time come).</summary>
public sealed class SweepWebhookOutbox(WebhookOutboxSweeper sweeper)
{
    [Function(nameof(SweepWebhookOutbox))]
    public Task Run([TimerTrigger("%WebhookSweepSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(cancellationToken);
}
