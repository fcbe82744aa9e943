using StellarMemory.Core.Embeddings;
using StellarMemory.Core.Memory;
using StellarMemory.Core.Plans;

namespace StellarMemory.Tests.Support;

/// <summary>Fills an account with memories through the real Core writer, using client vectors so that no model
/// time is spent: random ones, so that nothing is deduplicated, or cheap ones for tests that only count.</summary>
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

    public static Task SeedAsync(TestDatabase database, Guid accountId, int count, string agentId = "default", int seed = 1)
    {
        var random = new Random(seed);
        return StoreAsync(database, accountId, count, agentId, _ => RandomVector(random));
    }

    /// <summary>Fills an account to a count for tests of caps, not of ranking: each vector points along one of the
    /// model's axes, and the vector index takes such near-repeats in several times faster than random ones (the
    /// distinct words keep them from being deduplicated).</summary>
    public static Task FillAsync(TestDatabase database, Guid accountId, int count) =>
        StoreAsync(database, accountId, count, "default", AxisVector);

    private static float[] AxisVector(int index)
    {
        var vector = new float[EmbedderCatalog.VectorDimensions];
        Array.Fill(vector, 0.001f);
        vector[index % vector.Length] = 1;
        return vector;
    }

    private static async Task StoreAsync(TestDatabase database, Guid accountId, int count, string agentId, Func<int, float[]> vector)
    {
        await using var dataSource = database.CreateVectorDataSource();
        var writer = new MemoryWriter(dataSource, new EmbedderCatalog(LocalSentenceEmbedder.ArcticXs), new Entitlements(), TimeProvider.System);
        for (var done = 0; done < count; done += MemoryRules.MaxBatch)
        {
            var inputs = Enumerable.Range(done, Math.Min(MemoryRules.MaxBatch, count - done))
                .Select(i => new MemoryInput($"seeded memory {i}", 0.5, "{}", agentId, vector(i)))
                .ToList();
            var outcomes = await writer.StoreAsync(accountId, inputs, CancellationToken.None);
            Assert.All(outcomes, o => Assert.IsType<StoreOutcome.Stored>(o));
        }
    }
}
