namespace StellarMemory.Core.Billing;

/// <summary>What the webhook queue carries: the id of a stored webhook event.</summary>
public sealed record WebhookMessage(Guid Id);
