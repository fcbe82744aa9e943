namespace StellarMemory.Core.Billing;

/// <summary>Our subscription states, whatever the provider calls them.</summary>
public static class SubscriptionStatus
{
    /// <summary>Paid up (or trialing); with cancel-at-period-end it lapses at the period end.</summary>
    public const string Active = "active";
    /// <summary>A payment failed; the plan holds for the grace period.</summary>
    public const string PastDue = "past_due";
    /// <summary>Paused by the customer; no plan while paused.</summary>
    public const string Paused = "paused";
    /// <summary>Started but never paid.</summary>
    public const string Incomplete = "incomplete";
    /// <summary>Over: expired, deleted, or refunded.</summary>
    public const string Ended = "ended";
}
