namespace StellarMemory.Functions.Webhooks;

/// <summary>What a provider gets for a verified webhook: received, and whether we had it already.</summary>
public sealed record WebhookReceipt(bool Received, bool Duplicate);
