using Npgsql;

namespace StellarMemory.Core.Operations;

/// <summary>Reads <see cref="BillingHealth"/> from the webhook outbox (<c>webhook_events</c>) and the subscriptions.</summary>
public sealed class BillingHealthProbe(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>An error is cut to this length: enough to recognise it, not a whole payload.</summary>
    public const int ErrorLength = 300;

    public async Task<BillingHealth> ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var states = new List<WebhookStateCount>();
        await using (var command = new NpgsqlCommand("""
            SELECT provider,
                   CASE WHEN processed_at IS NOT NULL THEN 'processed' WHEN failed_at IS NOT NULL THEN 'poison'
                        WHEN attempts > 0 THEN 'failed' ELSE 'received' END AS state,
                   count(*), count(*) FILTER (WHERE processed_at IS NOT NULL AND last_error LIKE 'refused:%')
            FROM webhook_events GROUP BY 1, 2 ORDER BY 1, 2
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                states.Add(new WebhookStateCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }

        WebhookLag lag;
        await using (var command = new NpgsqlCommand("""
            SELECT count(*), avg(extract(epoch FROM processed_at - received_at))::float8, max(extract(epoch FROM processed_at - received_at))::float8
            FROM webhook_events WHERE processed_at > @since AND processed_at <= @now
            """, connection))
        {
            command.Parameters.AddWithValue("since", now.AddDays(-1));
            command.Parameters.AddWithValue("now", now);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            lag = new WebhookLag(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetDouble(1), reader.IsDBNull(2) ? null : reader.GetDouble(2));
        }

        UnprocessedWebhook? oldest = null;
        await using (var command = new NpgsqlCommand("""
            SELECT id, provider, event_type, received_at, attempts, left(last_error, @length)
            FROM webhook_events WHERE processed_at IS NULL ORDER BY received_at, id LIMIT 1
            """, connection))
        {
            command.Parameters.AddWithValue("length", ErrorLength);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                var received = reader.GetFieldValue<DateTimeOffset>(3);
                oldest = new UnprocessedWebhook(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), received,
                    Math.Max(0, (now - received).TotalSeconds), reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5));
            }
        }

        long due, failing;
        await using (var command = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE status IN ('active', 'past_due') AND NOT cancel_at_period_end AND next_charge_at <= @now),
                   count(*) FILTER (WHERE status = 'past_due' AND renewal_failures > 0)
            FROM subscriptions WHERE provider = 'toss'
            """, connection))
        {
            command.Parameters.AddWithValue("now", now);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            (due, failing) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        var pastDue = new List<ProviderCount>();
        await using (var command = new NpgsqlCommand(
            "SELECT provider, count(*) FROM subscriptions WHERE status = 'past_due' GROUP BY provider ORDER BY provider", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                pastDue.Add(new ProviderCount(reader.GetString(0), reader.GetInt64(1)));
            }
        }
        return new BillingHealth(now, states, lag, oldest, new RenewalHealth(due, failing, pastDue));
    }
}
