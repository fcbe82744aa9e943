using System.Diagnostics;
using Npgsql;
using Pgvector;
using StellarMemory.Core.Embeddings;

namespace StellarMemory.Bench.Quality;

/// <summary>Whether storing vectors as <c>halfvec</c> (pgvector 0.8, 16-bit floats) would cost relevance or speed, on
/// the filled account: an HNSW index on the 16-bit form beside the one recall uses, and every question asked of both
/// (vector only, top 10, one client, each index three times, the fastest kept) for the answers each finds, how much of
/// the exact top 10 (cosine over every vector of the account, in 32 bits) each returns, their latency and their size.
/// The 16-bit index is dropped afterwards.</summary>
public static class HalfvecComparison
{
    private const string HalfIndex = "memories_embedding_half_bench";

    public sealed record Result(
        QualityReport.Ranking FullPrecision,
        QualityReport.Ranking HalfPrecision,
        double FullRecallOfExact,
        double HalfRecallOfExact,
        QualityReport.Latency FullLatency,
        QualityReport.Latency HalfLatency,
        long FullIndexBytes,
        long HalfIndexBytes);

    public static async Task<Result?> RunAsync(NpgsqlDataSource dataSource, ConversationAccount account)
    {
        if (await EmbedderAsync(dataSource, account.AccountId) is not { } model)
        {
            return null;
        }
        Console.WriteLine("  building a halfvec index beside the vector index and asking both");
        await ExecuteAsync(dataSource, $"CREATE INDEX {HalfIndex} ON memories USING hnsw ((embedding::halfvec(384)) halfvec_cosine_ops)");
        await ExecuteAsync(dataSource, "ANALYZE memories");
        try
        {
            var full = new RankingMetrics("vector index, 32-bit (today)");
            var half = new RankingMetrics("vector index, 16-bit (halfvec)");
            var (fullLatency, halfLatency) = (new LatencyStats(), new LatencyStats());
            var vectors = await VectorsAsync(dataSource, account.AccountId);
            double fullRecall = 0, halfRecall = 0;
            var asked = 0;
            foreach (var question in account.Conversation.Questions.Where(q => account.Answers(q).Count > 0))
            {
                var embedded = await model.EmbedQueryAsync(question.Text, CancellationToken.None);
                var query = new Vector(embedded);
                var exact = vectors.OrderByDescending(v => StellarMemory.Core.Memory.VectorMath.Cosine(v.Value, embedded)).Take(10)
                    .Select(v => v.Key).ToHashSet();
                var byFull = await TopTenAsync(dataSource, account.AccountId, query, "embedding <=> @q", fullLatency);
                var byHalf = await TopTenAsync(dataSource, account.AccountId, query, "embedding::halfvec(384) <=> @q::halfvec(384)", halfLatency);
                full.Add(question.Category, byFull, account.Answers(question));
                half.Add(question.Category, byHalf, account.Answers(question));
                fullRecall += byFull.Count(exact.Contains) / 10.0;
                halfRecall += byHalf.Count(exact.Contains) / 10.0;
                asked++;
            }
            return new Result(QualityReport.Ranking.From(full), QualityReport.Ranking.From(half), Math.Round(fullRecall / Math.Max(1, asked), 3), Math.Round(halfRecall / Math.Max(1, asked), 3),
                QualityReport.Latency.From(fullLatency), QualityReport.Latency.From(halfLatency),
                await IndexBytesAsync(dataSource, "memories_embedding"), await IndexBytesAsync(dataSource, HalfIndex));
        }
        finally
        {
            await ExecuteAsync(dataSource, $"DROP INDEX IF EXISTS {HalfIndex}");
        }
    }

    private static async Task<List<Guid>> TopTenAsync(NpgsqlDataSource dataSource, Guid accountId, Vector query, string distance, LatencyStats latency)
    {
        List<Guid> ids = [];
        var fastest = TimeSpan.MaxValue;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var command = dataSource.CreateCommand($"SELECT id FROM memories WHERE account_id = @a ORDER BY {distance} LIMIT 10");
            command.Parameters.AddWithValue("a", accountId);
            command.Parameters.AddWithValue("q", query);
            var clock = Stopwatch.StartNew();
            ids = [];
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    ids.Add(reader.GetGuid(0));
                }
            }
            fastest = clock.Elapsed < fastest ? clock.Elapsed : fastest;
        }
        latency.Record(fastest);
        return ids;
    }

    private static async Task<Dictionary<Guid, float[]>> VectorsAsync(NpgsqlDataSource dataSource, Guid accountId)
    {
        var vectors = new Dictionary<Guid, float[]>();
        await using var command = dataSource.CreateCommand("SELECT id, embedding FROM memories WHERE account_id = @a");
        command.Parameters.AddWithValue("a", accountId);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            vectors[reader.GetGuid(0)] = reader.GetFieldValue<Vector>(1).ToArray();
        }
        return vectors;
    }

    /// <summary>The model most of the account's memories were embedded with, when it is one the bench can run.</summary>
    private static async Task<IEmbedder?> EmbedderAsync(NpgsqlDataSource dataSource, Guid accountId)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT embedding_model FROM memories WHERE account_id = @a GROUP BY 1 ORDER BY count(*) DESC LIMIT 1");
        command.Parameters.AddWithValue("a", accountId);
        var model = await command.ExecuteScalarAsync() as string;
        return new[] { LocalSentenceEmbedder.ArcticXs, LocalSentenceEmbedder.MiniLm }.FirstOrDefault(e => e.Model == model);
    }

    /// <summary>The index's size over every partition of <c>memories</c>.</summary>
    private static async Task<long> IndexBytesAsync(NpgsqlDataSource dataSource, string index)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT COALESCE(sum(pg_relation_size(i.inhrelid)), 0)::bigint FROM pg_inherits i
            WHERE i.inhparent = to_regclass(@index)
            """);
        command.Parameters.AddWithValue("index", index);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }
}
