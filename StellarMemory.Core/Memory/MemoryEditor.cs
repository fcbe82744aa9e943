using Npgsql;
using StellarMemory.Core.Embeddings;

namespace StellarMemory.Core.Memory;

/// <summary>Changes or forgets one memory of an account. Forgetting is always allowed, even over a cap.</summary>
public sealed class MemoryEditor(NpgsqlDataSource dataSource, EmbedderCatalog embedders, TimeProvider time)
{
    /// <summary>Returns false when the account has no such memory.</summary>
    public async Task<bool> ForgetAsync(Guid accountId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await MemoryQuotaLock.AcquireAsync(connection, transaction, accountId, cancellationToken);
        await MemoryTermCounts.RemoveAsync(connection, transaction, accountId, [id], cancellationToken);
        await using var delete = new NpgsqlCommand(
            "DELETE FROM memories WHERE account_id = @account AND id = @id RETURNING agent_id", connection, transaction);
        delete.Parameters.AddWithValue("account", accountId);
        delete.Parameters.AddWithValue("id", id);
        if (await delete.ExecuteScalarAsync(cancellationToken) is not string agentId)
        {
            return false;
        }
        await MemoryQuotaLock.AdjustAgentsAsync(connection, transaction, accountId, [(agentId, -1)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Applies the given changes (null leaves a field as it is); new content is embedded again.</summary>
    public async Task<MemoryRecord?> UpdateAsync(Guid accountId, Guid id, string? content, double? importance,
        string? metadataJson, CancellationToken cancellationToken)
    {
        var embedding = content is null ? null : new Pgvector.Vector((await embedders.Current.EmbedDocumentsAsync([content], cancellationToken))[0]);
        var now = MemoryClock.Now(time);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (content is not null)
        {
            // New content changes the account's term counts, which writers of one account change in turn.
            await MemoryQuotaLock.AcquireAsync(connection, transaction, accountId, cancellationToken);
        }
        await using (var select = new NpgsqlCommand(
            "SELECT recall_count, COALESCE(last_recalled_at, created_at), importance FROM memories WHERE account_id = @account AND id = @id FOR UPDATE",
            connection, transaction))
        {
            select.Parameters.AddWithValue("account", accountId);
            select.Parameters.AddWithValue("id", id);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            var score = MemoryScorer.Score(reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1),
                importance ?? reader.GetFloat(2), null, now);
            await reader.DisposeAsync();
            if (content is not null)
            {
                await MemoryTermCounts.RemoveAsync(connection, transaction, accountId, [id], cancellationToken);
            }

            await using var update = new NpgsqlCommand($"""
                UPDATE memories SET
                    content = COALESCE(@content, content),
                    embedding = COALESCE(@embedding, embedding),
                    embedding_model = COALESCE(@model, embedding_model),
                    importance = COALESCE(@importance, importance),
                    metadata = COALESCE(@metadata::jsonb, metadata),
                    score = @score,
                    updated_at = @now
                WHERE account_id = @account AND id = @id
                RETURNING {MemoryColumns.List}
                """, connection, transaction);
            update.Parameters.AddWithValue("account", accountId);
            update.Parameters.AddWithValue("id", id);
            update.Parameters.Add(new NpgsqlParameter<string?>("content", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = content });
            update.Parameters.Add(new NpgsqlParameter("embedding", (object?)embedding ?? DBNull.Value) { DataTypeName = "vector" });
            update.Parameters.Add(new NpgsqlParameter<string?>("model", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = content is null ? null : embedders.Current.Model });
            update.Parameters.Add(new NpgsqlParameter<float?>("importance", NpgsqlTypes.NpgsqlDbType.Real) { TypedValue = (float?)importance });
            update.Parameters.Add(new NpgsqlParameter<string?>("metadata", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = metadataJson });
            update.Parameters.AddWithValue("score", (float)score);
            update.Parameters.AddWithValue("now", now);
            await using var updated = await update.ExecuteReaderAsync(cancellationToken);
            await updated.ReadAsync(cancellationToken);
            var record = MemoryColumns.Read(updated);
            await updated.DisposeAsync();
            if (content is not null)
            {
                await MemoryTermCounts.AddAsync(connection, transaction, accountId, [id], cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            return record;
        }
    }
}
