using Npgsql;
using NpgsqlTypes;
using StellarMemory.Core.Storage;
using Pgvector;

namespace StellarMemory.Core.Memory;

/// <summary>Finds an account's most relevant memories and counts each one returned as recalled.</summary>
/// <remarks>
/// Candidates are the nearest memories by cosine distance (HNSW) and the best full-text matches
/// (GIN), up to four times the limit of each. Relevance is a weighted sum: with query text,
/// 0.80 x vector similarity + 0.15 x full-text rank (ts_rank_cd normalised to 0..1) + 0.05 x score;
/// with a vector only, 0.95 x similarity + 0.05 x score. The score term is the small boost that
/// prefers well-remembered memories among equally relevant ones.
/// </remarks>
public sealed class MemoryRecall(BookkeepingDataSource bookkeeping, IEmbedder embedder, TimeProvider time)
{
    public const double SimilarityWeightWithText = 0.80, TextWeight = 0.15, SimilarityWeightAlone = 0.95, ScoreBoost = 0.05;

    // Recalled memories get recall_count + 1, last_recalled_at = now, and a score recomputed with
    // F = 1 (just recalled) and C = the query similarity: MemoryScorer.Score(n + 1, now, importance, similarity, now).
    private const string Sql = """
        WITH vector_hits AS (
            SELECT id FROM memories WHERE account_id = @account {0}
            ORDER BY embedding <=> @embedding LIMIT @candidates
        ){1}, scored AS (
            SELECT m.id,
                   GREATEST(0, 1 - (m.embedding <=> @embedding)) AS similarity,
                   {3} AS text_rank,
                   LEAST(1, GREATEST(0, m.score)) AS score
            FROM memories m
            WHERE m.account_id = @account AND m.id IN (SELECT id FROM vector_hits{2})
        ), ranked AS (
            SELECT id, similarity, @similarity_weight * similarity + @text_weight * text_rank + @boost * score AS relevance
            FROM scored
        ), chosen AS (
            SELECT * FROM ranked WHERE relevance >= @min_relevance ORDER BY relevance DESC, id LIMIT @limit
        ), locked AS (
            -- Concurrent recalls of the same memories lock them in one order (by id), so they queue, never deadlock.
            SELECT m.id FROM memories m
            WHERE m.account_id = @account AND m.id IN (SELECT id FROM chosen)
            ORDER BY m.id FOR UPDATE
        ), recalled AS (
            UPDATE memories m SET
                recall_count = m.recall_count + 1,
                last_recalled_at = @now,
                score = 0.3 * LEAST(1, ln(2 + m.recall_count) / ln(1001)) + 0.3 + 0.25 * m.importance + 0.15 * c.similarity
            FROM chosen c
            WHERE m.account_id = @account AND m.id = c.id AND m.id IN (SELECT id FROM locked)
            RETURNING m.id, m.content, m.agent_id, m.zone, m.importance, m.score, m.recall_count, m.metadata::text,
                      m.created_at, m.last_recalled_at, m.updated_at
        )
        SELECT r.*, c.relevance FROM recalled r JOIN chosen c ON c.id = r.id ORDER BY c.relevance DESC, r.id
        """;

    // Full-text candidates exist only with query text; a vector-only recall leaves them out of the plan entirely.
    // Common words can match tens of thousands of an account's memories, and ranking them all took a quarter
    // of a second at 100,000; only the first TextMatchPool matches are ranked. Text is 15% of relevance and
    // the vector branch still finds the nearest by meaning, so a sample of very common matches is enough.
    private const string TextHitsSql = """
        , text_hits AS (
            SELECT id FROM (
                SELECT id, content_tsv FROM memories
                WHERE account_id = @account {0} AND content_tsv @@ websearch_to_tsquery('english', @text)
                LIMIT @text_pool
            ) matches
            ORDER BY ts_rank_cd(content_tsv, websearch_to_tsquery('english', @text), 32) DESC LIMIT @candidates
        )
        """;

    public const int TextMatchPool = 1_000;

    private const string TextRankSql = "COALESCE(ts_rank_cd(m.content_tsv, websearch_to_tsquery('english', @text), 32), 0)";

    public async Task<IReadOnlyList<MemoryRecord>> RecallAsync(Guid accountId, RecallQuery query, CancellationToken cancellationToken)
    {
        var embedding = query.Embedding ?? await embedder.EmbedAsync(query.Text!, cancellationToken);
        var filters = (query.AgentId is null ? "" : " AND agent_id = @agent")
            + (query.MetadataFilterJson is null ? "" : " AND metadata @> @filter::jsonb");
        // One statement, one round trip: it reads the memories and updates their recall statistics, on a
        // connection that does not wait for the flush (see BookkeepingDataSource).
        var hasText = !string.IsNullOrWhiteSpace(query.Text);
        var sql = hasText
            ? string.Format(Sql, filters, string.Format(TextHitsSql, filters), " UNION SELECT id FROM text_hits", TextRankSql)
            : string.Format(Sql, filters, "", "", "0");
        await using var command = bookkeeping.DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("embedding", new Vector(embedding));
        if (hasText)
        {
            command.Parameters.AddWithValue("text", NpgsqlDbType.Text, query.Text!);
            command.Parameters.AddWithValue("text_pool", TextMatchPool);
        }
        command.Parameters.AddWithValue("candidates", Math.Max(20, query.Limit * 4));
        command.Parameters.AddWithValue("limit", query.Limit);
        command.Parameters.AddWithValue("min_relevance", query.MinRelevance);
        command.Parameters.AddWithValue("similarity_weight", hasText ? SimilarityWeightWithText : SimilarityWeightAlone);
        command.Parameters.AddWithValue("text_weight", hasText ? TextWeight : 0.0);
        command.Parameters.AddWithValue("boost", ScoreBoost);
        command.Parameters.AddWithValue("now", MemoryClock.Now(time));
        if (query.AgentId is not null)
        {
            command.Parameters.AddWithValue("agent", query.AgentId);
        }
        if (query.MetadataFilterJson is not null)
        {
            command.Parameters.AddWithValue("filter", query.MetadataFilterJson);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ReadAsync(command, query.Limit, cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 3)
            {
                // Another writer (re-orbit, an edit) locked these rows in its own order; the statement rolled
                // back whole, so running it again is safe.
            }
        }
    }

    private static async Task<IReadOnlyList<MemoryRecord>> ReadAsync(NpgsqlCommand command, int limit, CancellationToken cancellationToken)
    {
        var results = new List<MemoryRecord>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            results.Add(MemoryColumns.Read(reader, relevance: reader.GetDouble(11)));
        }
        return results;
    }
}
