using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using StellarMemory.Core.Embeddings;

namespace StellarMemory.Core.Memory;

/// <summary>Which models other than the current one embedded some of an account's memories: normally none; during
/// a switch of models, the previous one, until every memory is embedded again. Recall embeds its query once per
/// model found, so no memory drops out of the vector branch mid-switch. Cached for a minute per account: the
/// answer only shrinks while re-embedding runs, and a query embedded once too often is harmless.</summary>
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
        command.Parameters.AddWithValue("skip", new[] { embedders.Current.Model, EmbedderCatalog.ClientModel });
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
