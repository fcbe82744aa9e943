using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using StellarMemory.Core.Embeddings;

namespace StellarMemory.Core.Memory;

/// <summary>Which models other than the current one embedded some of an account's memories: normally none; during
/// a switch of models, the previous one, until every memory is embedded again; <see cref="EmbedderCatalog.ClientModel"/>
/// where the client sent its own vectors. Recall embeds its query once per model it serves, so no memory drops out
/// of the vector branch mid-switch, and lets every query term find memories it cannot embed for. Cached for a minute
/// per account: the answer only shrinks while re-embedding runs, a query embedded once too often is harmless, and an
/// account's first client vectors wait at most that long to be found by their commonest words too.</summary>
public sealed class EmbeddingModelsInUse(NpgsqlDataSource dataSource, EmbedderCatalog embedders, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    // Distinct models by a loose index scan (one probe per model), then one probe each for this account.
    private const string Sql = """
        WITH RECURSIVE models(model) AS (
            SELECT min(embedding_model) FROM memories
            UNION ALL
            SELECT (SELECT min(embedding_model) FROM memories WHERE embedding_model > m.model) FROM models m WHERE m.model IS NOT NULL
        )
        SELECT model FROM models
        WHERE model IS NOT NULL AND model <> ALL(@skip)
          AND EXISTS (SELECT 1 FROM memories WHERE embedding_model = models.model AND account_id = @account)
        """;

    public async Task<IReadOnlyList<string>> OthersAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var key = (nameof(EmbeddingModelsInUse), accountId);
        if (cache.TryGetValue(key, out IReadOnlyList<string>? known))
        {
            return known!;
        }
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("skip", new[] { embedders.Current.Model });
        var models = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                models.Add(reader.GetString(0));
            }
        }
        cache.Set(key, (IReadOnlyList<string>)models, CacheFor);
        return models;
    }
}
