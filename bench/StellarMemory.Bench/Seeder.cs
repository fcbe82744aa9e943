using Npgsql;
using NpgsqlTypes;
using Pgvector;
using StellarMemory.Core.Embeddings;
using StellarMemory.Core.Memory;

namespace StellarMemory.Bench;

/// <summary>Bulk-loads memories with COPY, around clustered random vectors (real embeddings cluster by topic;
/// uniform noise would be the HNSW worst case), recorded as the current model's so recall searches them, then
/// builds the vector index once.</summary>
public sealed class Seeder(NpgsqlDataSource dataSource, int seed = 7)
{
    private static readonly string[] Words =
        ["deploy", "staging", "invoice", "customer", "coffee", "meeting", "server", "budget", "travel", "python", "release",
         "database", "holiday", "contract", "design", "review", "daughter", "birthday", "allergy", "flight", "report", "garden"];

    /// <summary>The model a host with default settings embeds with.</summary>
    public static readonly string Model = new EmbeddingOptions().Model;

    private readonly Random _random = new(seed);
    private readonly float[][] _centers = Enumerable.Range(0, 256).Select(_ => Unit(Noise(new Random(seed + 1), 1f))).ToArray();

    public float[] NearVector()
    {
        var center = _centers[_random.Next(_centers.Length)];
        var noise = Noise(_random, 0.35f);
        return Unit(center.Select((v, i) => v + noise[i]).ToArray());
    }

    public string Sentence(int words = 10) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[_random.Next(Words.Length)])) + $" #{_random.Next()}";

    /// <summary>Seeds <paramref name="count"/> memories, recorded as embedded by <paramref name="model"/> (the current
    /// model's unless named: recall compares a client's own vectors only with memories stored with client vectors).</summary>
    public async Task SeedAsync(Guid accountId, int count, CancellationToken cancellationToken, string? model = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await CopyAsync(connection, accountId, count, model ?? Model, cancellationToken);
        await MemoryTermCounts.RecountAsync(dataSource, accountId, cancellationToken);
        await using var quota = new NpgsqlCommand("""
            INSERT INTO memory_quotas (account_id, memories, agents) VALUES (@account, @count, 1)
            ON CONFLICT (account_id) DO UPDATE SET memories = memory_quotas.memories + @count, agents = 1;
            INSERT INTO memory_agents (account_id, agent_id, memories) VALUES (@account, 'default', @count)
            ON CONFLICT (account_id, agent_id) DO UPDATE SET memories = memory_agents.memories + @count;
            """, connection);
        quota.Parameters.AddWithValue("account", accountId);
        quota.Parameters.AddWithValue("count", count);
        await quota.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task CopyAsync(NpgsqlConnection connection, Guid accountId, int count, string model, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY memories (id, account_id, agent_id, content, importance, metadata, embedding, embedding_model, zone, score, created_at, updated_at) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(Guid.CreateVersion7(now.AddMilliseconds(-i)), NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(accountId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync("default", NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(Sentence(), NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(0.5f, NpgsqlDbType.Real, cancellationToken);
            await writer.WriteAsync("{}", NpgsqlDbType.Jsonb, cancellationToken);
            await writer.WriteAsync(new Vector(NearVector()), cancellationToken);
            await writer.WriteAsync(model, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync("belt", NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(0.425f, NpgsqlDbType.Real, cancellationToken);
            await writer.WriteAsync(now.AddMilliseconds(-i), NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static float[] Noise(Random random, float scale) =>
        Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale).ToArray();

    private static float[] Unit(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }
}
