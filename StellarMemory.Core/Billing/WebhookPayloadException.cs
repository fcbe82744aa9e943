namespace StellarMemory.Core.Billing;

/// <summary>A verified webhook whose payload cannot be applied: a field we need is missing or of another type.
/// Another attempt would read the same payload, so the event is given up on at once, with this message, naming
/// the field, as its last error.</summary>
public sealed class WebhookPayloadException(string message) : Exception(message);
