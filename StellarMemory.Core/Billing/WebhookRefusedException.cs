namespace StellarMemory.Core.Billing;

/// <summary>A webhook event we will never apply, because of what it claims rather than how it failed: it is
/// recorded on its row as refused, never retried, and raises no alert (anyone can send one).</summary>
public class WebhookRefusedException(string message) : Exception(message);
