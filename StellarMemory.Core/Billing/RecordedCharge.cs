namespace StellarMemory.Core.Billing;

/// <summary>A charge we made ourselves through a provider (a first payment or a renewal we initiated), as we
/// recorded it: whether it failed and why, and whether the provider later confirmed it refunded.</summary>
public sealed record RecordedCharge(
    bool Renewal,
    bool Failed,
    string? Failure,
    bool Refunded,
    long Amount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
