using Npgsql;
using StellarMemory.Core.Embeddings;
using StellarMemory.Core.Storage;

namespace StellarMemory.Core.Memory;

/// <summary>Finds an account's most relevant memories, ranked as <see cref="RecallRanking"/> describes, in one
/// read-only statement (<see cref="RecallStatement"/>), and counts each one returned as recalled through <see cref="RecallStatistics"/>.</summary>
public sealed class MemoryRecall(BookkeepingDataSource bookkeeping, EmbedderCatalog embedders, EmbeddingModelsInUse modelsInUse,
    RecallStatistics statistics, TimeProvider time)
{
    public async Task<IReadOnlyList<MemoryRecord>> RecallAsync(Guid accountId, RecallQuery query, CancellationToken cancellationToken)
    {
        var (vectors, keywordOnlyMemories) = await QueryVectorsAsync(accountId, query, cancellationToken);
        var coverage = query.Embedding is null ? EmbedderCoverage.Of(embedders.Current, query.Text) : 1;
        // One read-only statement, one round trip, on the small pool the bookkeeping also uses.
        await using var command = RecallStatement.Create(bookkeeping.DataSource, accountId, query, vectors, coverage, keywordOnlyMemories);

        var now = MemoryClock.Now(time);
        var found = await ReadAsync(command, query.Limit, cancellationToken);
        statistics.Record(accountId, found.Select(f => (f.Memory.Id, f.Similarity)), now);
        // Shown as this recall leaves them: the statistics flush writes the same within a second.
        return found.Select(f => f.Memory with
        {
            RecallCount = f.Memory.RecallCount + 1,
            LastRecalledAt = now,
            Score = MemoryScorer.Score(f.Memory.RecallCount + 1, now, f.Memory.Importance, Math.Clamp(f.Similarity, 0, 1), now),
        }).ToList();
    }

    /// <summary>A client's vector is compared with client vectors only. Query text is embedded by the current
    /// model and, while an account still has memories a previous model embedded, by that model too; memories of a
    /// model not served here (client vectors among them) are found by their words alone.</summary>
    private async Task<(IReadOnlyList<RecallVector> Vectors, bool KeywordOnlyMemories)> QueryVectorsAsync(Guid accountId, RecallQuery query,
        CancellationToken cancellationToken)
    {
        if (query.Embedding is not null)
        {
            return ([new RecallVector(EmbedderCatalog.ClientModel, query.Embedding)], false);
        }
        var current = embedders.Current.EmbedQueryAsync(query.Text!, cancellationToken);
        var models = await modelsInUse.OthersAsync(accountId, cancellationToken);
        var others = models.Select(embedders.Find).OfType<IEmbedder>()
            .Select(async e => new RecallVector(e.Model, await e.EmbedQueryAsync(query.Text!, cancellationToken)))
            .ToList();
        return ([new RecallVector(embedders.Current.Model, await current), .. await Task.WhenAll(others)], others.Count < models.Count);
    }

    private static async Task<List<(MemoryRecord Memory, double Similarity)>> ReadAsync(NpgsqlCommand command, int limit,
        CancellationToken cancellationToken)
    {
        var results = new List<(MemoryRecord, double)>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            results.Add((MemoryColumns.Read(reader, relevance: reader.GetDouble(11)), reader.GetDouble(12)));
        }
        return results;
    }
}
