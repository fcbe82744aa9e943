using System.Text.Json;
using Npgsql;

namespace StellarMemory.Core.Operations;

/// <summary>The append-only record of admin actions (<c>admin_audit</c>): each action writes its entry in the same
/// transaction as its change, so no change is made without its entry, and no entry without its change.</summary>
public sealed class AdminAudit(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>One recorded action. <see cref="Actor"/> is the admin's email as it was then (or <c>command-line</c>),
    /// <see cref="ActorAccountId"/> the admin's account.</summary>
    public sealed record Entry(long Id, string Actor, Guid? ActorAccountId, string Action, string Target, string Reason, JsonElement Details, DateTimeOffset OccurredAt);

    public const int MaxReasonLength = 1_000;

    /// <summary>Whether a reason is acceptable: some words, not a novel.</summary>
    public static bool IsReason(string? reason) => !string.IsNullOrWhiteSpace(reason) && reason.Trim().Length <= MaxReasonLength;

    public async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, AdminAction action,
        object? details, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO admin_audit (actor, actor_account_id, action, target, reason, details, occurred_at)
            VALUES (@actor, @actor_account, @action, @target, @reason, @details::jsonb, @now)
            """, connection, transaction);
        command.Parameters.AddWithValue("actor", action.Actor.Name);
        command.Parameters.Add(new NpgsqlParameter<Guid?>("actor_account", NpgsqlTypes.NpgsqlDbType.Uuid) { TypedValue = action.Actor.AccountId });
        command.Parameters.AddWithValue("action", action.Name);
        command.Parameters.AddWithValue("target", action.Target);
        command.Parameters.AddWithValue("reason", action.Reason.Trim());
        command.Parameters.AddWithValue("details", JsonSerializer.Serialize(details ?? new { }));
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The newest entries, of one target or of all.</summary>
    public async Task<IReadOnlyList<Entry>> ListAsync(string? target, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, actor, actor_account_id, action, target, reason, details::text, occurred_at FROM admin_audit
            WHERE @target::text IS NULL OR target = @target ORDER BY id DESC LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter<string?>("target", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = target });
        command.Parameters.AddWithValue("limit", limit);
        var entries = new List<Entry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            using var details = JsonDocument.Parse(reader.GetString(6));
            entries.Add(new Entry(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), details.RootElement.Clone(), reader.GetFieldValue<DateTimeOffset>(7)));
        }
        return entries;
    }
}
