namespace StellarMemory.Functions.Billing;

/// <summary>Response of POST /billing/portal: where the customer manages billing.</summary>
public sealed record BillingPortalLink(string PortalUrl);
