using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pgvector;
using StellarMemory.Core.Embeddings;

namespace StellarMemory.Core.Memory;

/// <summary>After the current model changes, embeds every memory that another model embedded again, in batches,
/// until none is left or the run's time is up (the next run goes on). Nothing is locked while the model works:
/// a batch is read, embedded, then written only where the content and model are still those that were read, so
/// an edit made meanwhile wins. Vectors that clients sent are theirs and are left alone.</summary>
public sealed class MemoryReembedder(NpgsqlDataSource dataSource, EmbedderCatalog embedders, EmbeddingOptions options,
    ILogger<MemoryReembedder> logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var budget = TimeSpan.FromSeconds(options.ReembedSecondsPerRun);
        var done = 0;
        while (clock.Elapsed < budget)
        {
            var batch = await NextBatchAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            var vectors = await embedders.Current.EmbedDocumentsAsync(batch.Select(m => m.Content).ToList(), cancellationToken);
            var written = await WriteAsync(batch, vectors, cancellationToken);
            if (written == 0)
            {
                break;
            }
            done += written;
        }
        if (done > 0)
        {
            logger.LogInformation("Embedded {Count} memories again with {Model}", done, embedders.Current.Model);
        }
        return done;
    }

    private sealed record Stale(Guid AccountId, Guid Id, string Content, string Model);

    private async Task<List<Stale>> NextBatchAsync(CancellationToken cancellationToken)
    {
        // Each stale model through the (embedding_model, account_id) index; the current and client ones are skipped.
        await using var command = dataSource.CreateCommand("""
            WITH RECURSIVE models(model) AS (
                SELECT min(embedding_model) FROM memories
                UNION ALL
                SELECT (SELECT min(embedding_model) FROM memories WHERE embedding_model > m.model) FROM models m WHERE m.model IS NOT NULL
            )
            SELECT s.account_id, s.id, s.content, s.embedding_model
            FROM models
            CROSS JOIN LATERAL (
                SELECT account_id, id, content, embedding_model FROM memories WHERE embedding_model = models.model LIMIT @batch
            ) s
            WHERE models.model IS NOT NULL AND models.model <> ALL(@skip)
            LIMIT @batch
            """);
        command.Parameters.AddWithValue("batch", options.ReembedBatchSize);
        command.Parameters.AddWithValue("skip", new[] { embedders.Current.Model, EmbedderCatalog.ClientModel });
        var batch = new List<Stale>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            batch.Add(new Stale(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3)));
        }
        return batch;
    }

    private async Task<int> WriteAsync(List<Stale> batch, IReadOnlyList<float[]> vectors, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE memories m SET embedding = r.embedding, embedding_model = @model
            FROM unnest(@accounts, @ids, @contents, @models, @embeddings::vector[]) AS r(account_id, id, content, old_model, embedding)
            WHERE m.account_id = r.account_id AND m.id = r.id AND m.content = r.content AND m.embedding_model = r.old_model
            """);
        command.Parameters.AddWithValue("model", embedders.Current.Model);
        command.Parameters.AddWithValue("accounts", batch.Select(m => m.AccountId).ToArray());
        command.Parameters.AddWithValue("ids", batch.Select(m => m.Id).ToArray());
        command.Parameters.AddWithValue("contents", batch.Select(m => m.Content).ToArray());
        command.Parameters.AddWithValue("models", batch.Select(m => m.Model).ToArray());
        command.Parameters.AddWithValue("embeddings", vectors.Select(v => new Vector(v)).ToArray());
        // A row edited meanwhile is skipped: its edit embedded it with the current model already.
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
