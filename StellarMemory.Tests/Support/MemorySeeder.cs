using Npgsql;
using Pgvector.Npgsql;
using StellarMemory.Core.Embeddings;
using StellarMemory.Core.Memory;
using StellarMemory.Core.Plans;

namespace StellarMemory.Tests.Support;

/// <summary>Fills an account with memories through the real Core writer, using random client vectors so
/// that nothing is deduplicated and no model time is spent.</summary>
public static class MemorySeeder
{
    public static float[] RandomVector(Random random)
    {
        var vector = new float[EmbedderCatalog.VectorDimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return vector;
    }

    public static async Task SeedAsync(TestDatabase database, Guid accountId, int count, string agentId = "default", int seed = 1)
    {
        var builder = new NpgsqlDataSourceBuilder(database.ConnectionString);
        builder.UseVector();
        await using var dataSource = builder.Build();
        var writer = new MemoryWriter(dataSource, new EmbedderCatalog(LocalSentenceEmbedder.ArcticXs), new Entitlements(dataSource), TimeProvider.System);
        var random = new Random(seed);
        for (var done = 0; done < count; done += MemoryRules.MaxBatch)
        {
            var inputs = Enumerable.Range(done, Math.Min(MemoryRules.MaxBatch, count - done))
                .Select(i => new MemoryInput($"seeded memory {i}", 0.5, "{}", agentId, RandomVector(random)))
                .ToList();
            var outcomes = await writer.StoreAsync(accountId, inputs, CancellationToken.None);
            Assert.All(outcomes, o => Assert.IsType<StoreOutcome.Stored>(o));
        }
    }
}
