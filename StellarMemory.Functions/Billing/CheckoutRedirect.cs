namespace StellarMemory.Functions.Billing;

/// <summary>Response of POST /billing/checkout for Stripe and Lemon Squeezy: the hosted checkout to send the customer to.</summary>
public sealed record CheckoutRedirect(string Provider, string CheckoutUrl);
