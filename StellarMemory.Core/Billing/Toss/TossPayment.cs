namespace StellarMemory.Core.Billing;

/// <summary>A Toss Payments payment: what a charge or a payment look-up returns.</summary>
public sealed record TossPayment(string PaymentKey, string OrderId, string Status, long TotalAmount);
