using Npgsql;

namespace StellarMemory.Core.Storage;

/// <summary>Claims timer occurrences so that each one fires on exactly one host instance.</summary>
public sealed class TimerScheduleRepository(NpgsqlDataSource dataSource)
{
    /// <summary>A claimed occurrence and the one claimed before it, if any.</summary>
    public sealed record Claim(DateTimeOffset? PreviousOccurrence);

    /// <summary>The last recorded schedule state of a timer, if it ever fired.</summary>
    public sealed record Status(DateTimeOffset LastOccurrence, DateTimeOffset NextOccurrence, DateTimeOffset UpdatedAt);

    /// <summary>Returns a claim when this caller is the first to take <paramref name="occurrence"/>, else null.</summary>
    public async Task<Claim?> TryClaimAsync(string timer, DateTimeOffset occurrence, DateTimeOffset next, CancellationToken cancellationToken)
    {
        // The row's last_occurrence only moves forward, so a second claimant of the same tick
        // (or of an older one) updates nothing and gets no row back.
        await using var command = dataSource.CreateCommand("""
            WITH previous AS (SELECT last_occurrence FROM timer_schedules WHERE timer_name = @timer)
            INSERT INTO timer_schedules (timer_name, last_occurrence, next_occurrence, updated_at)
            VALUES (@timer, @occurrence, @next, now())
            ON CONFLICT (timer_name) DO UPDATE
                SET last_occurrence = excluded.last_occurrence,
                    next_occurrence = excluded.next_occurrence,
                    updated_at = excluded.updated_at
                WHERE timer_schedules.last_occurrence < excluded.last_occurrence
            RETURNING (SELECT last_occurrence FROM previous)
            """);
        command.Parameters.AddWithValue("timer", timer);
        command.Parameters.AddWithValue("occurrence", occurrence.UtcDateTime);
        command.Parameters.AddWithValue("next", next.UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new Claim(reader.IsDBNull(0) ? null : new DateTimeOffset(reader.GetDateTime(0), TimeSpan.Zero));
    }

    public async Task<Status?> GetStatusAsync(string timer, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT last_occurrence, next_occurrence, updated_at FROM timer_schedules WHERE timer_name = @timer");
        command.Parameters.AddWithValue("timer", timer);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new Status(
            new DateTimeOffset(reader.GetDateTime(0), TimeSpan.Zero),
            new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero),
            new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero));
    }
}
