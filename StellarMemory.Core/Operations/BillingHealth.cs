namespace StellarMemory.Core.Operations;

/// <summary>How billing is doing as of <see cref="AsOf"/>: webhook events by provider and state, how long applying
/// them took over the last day, the oldest one not applied yet, and the renewals we charge ourselves.</summary>
public sealed record BillingHealth(
    DateTimeOffset AsOf,
    IReadOnlyList<WebhookStateCount> Webhooks,
    WebhookLag Lag,
    UnprocessedWebhook? OldestUnprocessed,
    RenewalHealth Renewals);

/// <summary>Webhook events of one provider in one state: <c>received</c> (not attempted yet), <c>processed</c>
/// (applied, or refused for what it claimed: <see cref="Refused"/> of them), <c>failed</c> (an attempt failed, the
/// next one is scheduled), <c>poison</c> (given up on; its queue message is in the poison queue).</summary>
public sealed record WebhookStateCount(string Provider, string State, long Count, long Refused);

/// <summary>Seconds from receipt to applied, of the events applied in the last day.</summary>
public sealed record WebhookLag(long ProcessedLastDay, double? AverageSeconds, double? MaxSeconds);

/// <summary>A webhook event not applied yet (received, failing or poison), with its age.</summary>
public sealed record UnprocessedWebhook(Guid Id, string Provider, string EventType, DateTimeOffset ReceivedAt, double AgeSeconds,
    int Attempts, string? LastError);

/// <summary>Renewals we charge (Toss) that are due now, and those whose last attempts failed; past-due subscriptions
/// by provider, whoever charges them.</summary>
public sealed record RenewalHealth(long Due, long Failing, IReadOnlyList<ProviderCount> PastDue);

public sealed record ProviderCount(string Provider, long Count);
