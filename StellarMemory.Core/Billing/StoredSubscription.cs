using Npgsql;

namespace StellarMemory.Core.Billing;

/// <summary>A subscription row as the billing routes show and manage it.</summary>
public sealed record StoredSubscription(
    Guid Id,
    string Provider,
    string ProviderSubscriptionId,
    string Plan,
    string Status,
    DateTimeOffset? CurrentPeriodEnd,
    bool CancelAtPeriodEnd,
    DateTimeOffset? PastDueSince,
    string? PortalUrl)
{
    public const string Columns =
        "id, provider, provider_subscription_id, plan, status, current_period_end, cancel_at_period_end, past_due_since, portal_url";

    public static StoredSubscription Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), reader.GetBoolean(6),
        reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7), reader.IsDBNull(8) ? null : reader.GetString(8));
}
