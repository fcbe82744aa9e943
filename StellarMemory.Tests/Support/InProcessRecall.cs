using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using StellarMemory.Core.Embeddings;
using StellarMemory.Core.Memory;
using StellarMemory.Core.Storage;

namespace StellarMemory.Tests.Support;

/// <summary>Core's recall wired as the hosts wire it, over a test database and the given models.</summary>
public static class InProcessRecall
{
    public static MemoryRecall Create(NpgsqlDataSource dataSource, EmbedderCatalog catalog) =>
        new(new BookkeepingDataSource(dataSource), catalog, new EmbeddingModelsInUse(dataSource, catalog, new MemoryCache(new MemoryCacheOptions())),
            new RecallStatistics(new BookkeepingDataSource(dataSource)), TimeProvider.System);
}
