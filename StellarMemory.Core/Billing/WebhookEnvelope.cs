namespace StellarMemory.Core.Billing;

/// <summary>A verified webhook's identity: the provider's event id (what makes it unique) and its type.</summary>
public sealed record WebhookEnvelope(string EventId, string EventType);
