namespace StellarMemory.Core.Billing;

/// <summary>An event tried to attach a subscription to an account our checkout did not bind it to.</summary>
public sealed class BillingBindingException(string message) : WebhookRefusedException(message);
