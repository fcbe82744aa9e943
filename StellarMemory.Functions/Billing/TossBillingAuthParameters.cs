namespace StellarMemory.Functions.Billing;

/// <summary>Response of POST /billing/checkout for Toss Payments: what the billing-auth widget needs.</summary>
public sealed record TossBillingAuthParameters(
    string Provider,
    string ClientKey,
    string CustomerKey,
    string SuccessUrl,
    string FailUrl,
    long Amount,
    string Currency,
    string OrderName,
    string? CustomerEmail);
