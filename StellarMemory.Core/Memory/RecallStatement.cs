using Npgsql;
using Pgvector;

namespace StellarMemory.Core.Memory;

/// <summary>The one read-only statement recall sends, ranked as <see cref="RecallRanking"/> describes: built here so
/// the bench can send exactly what recall sends (its second recall floor).</summary>
public static class RecallStatement
{
    // {0}: filters on memories (alias-free); {1}: the vector branches; {2}: similarity of row m to its model's query
    // vector; {3}: the filters again, as a predicate on row m (neighbours are read whatever the filter, but only
    // memories that pass it are returned); {4}: the memory columns; {5}, {6}, {7}: the keyword branch's CTEs, its
    // share of the pool and its share of the fused relevance, or nothing (see Create).
    private const string Sql = """
        WITH vector_hits AS (
            {1}
        ){5}, pool AS (
            SELECT id FROM vector_hits{6}
        ), edges AS (
            SELECT p.id AS a, n.id AS b
            FROM memories p
            CROSS JOIN LATERAL (
                (SELECT x.id, x.created_at FROM memories x
                 WHERE x.account_id = @account AND x.agent_id = p.agent_id AND x.seq < p.seq ORDER BY x.seq DESC LIMIT 1)
                UNION ALL
                (SELECT x.id, x.created_at FROM memories x
                 WHERE x.account_id = @account AND x.agent_id = p.agent_id AND x.seq > p.seq ORDER BY x.seq LIMIT 1)
            ) n
            WHERE p.account_id = @account AND p.id IN (SELECT id FROM pool)
              AND n.created_at BETWEEN p.created_at - @window AND p.created_at + @window
        ), scored AS (
            SELECT m.id, m.score, {2} AS similarity, {3} AS eligible,
                   {7}@vector_weight * GREATEST(0, COALESCE({2}, 0)) AS fused
            FROM memories m
            WHERE m.account_id = @account AND m.id IN (SELECT id FROM pool UNION SELECT b FROM edges)
        ), lift AS (
            SELECT l.id, max(o.fused) AS best
            FROM (SELECT a AS id, b AS other FROM edges UNION ALL SELECT b, a FROM edges) l
            JOIN scored o ON o.id = l.other
            GROUP BY l.id
        ), ranked AS (
            SELECT s.id, s.similarity, s.score,
                   (s.fused + @neighbour_weight * COALESCE(lift.best, 0)) / (1 + @neighbour_weight) AS relevance
            FROM scored s LEFT JOIN lift ON lift.id = s.id
            WHERE s.eligible
        ), chosen AS (
            SELECT * FROM ranked WHERE relevance >= @min_relevance
            ORDER BY relevance + @boost * LEAST(1, GREATEST(0, score)) DESC, id LIMIT @limit
        )
        SELECT {4}, c.relevance, COALESCE(c.similarity, 0)
        FROM chosen c JOIN memories m ON m.account_id = @account AND m.id = c.id
        ORDER BY c.relevance + @boost * LEAST(1, GREATEST(0, c.score)) DESC, c.id
        """;

    // The keyword branch, for query text: its terms with their idf, and the memories holding the rarest of them,
    // ranked by the idf they hold. {0}: the filters, as in Sql.
    private const string KeywordSql = """
        , terms AS (
            SELECT t.term, COALESCE(s.memories, 0) AS df, n.total, stellar_term_query(t.term) AS query,
                   ln(1 + GREATEST(n.total - COALESCE(s.memories, 0), 0) / (COALESCE(s.memories, 0) + 0.5)) AS idf
            FROM unnest(tsvector_to_array(stellar_terms(@text))) AS t(term)
            CROSS JOIN (SELECT GREATEST(COALESCE((SELECT memories FROM memory_quotas WHERE account_id = @account), 0), 1) + 0.5 AS total) n
            LEFT JOIN memory_terms s ON s.account_id = @account AND s.term = t.term
        ), query_weight AS (
            SELECT NULLIF(sum(idf), 0) AS idf FROM terms
        ), matching AS (
            -- The rarest terms first, while the memories holding them stay within the pool; a term that alone
            -- overflows the pool and is held by a large share of the memories selects none (see RecallRanking).
            SELECT stellar_any_term(query) AS query FROM (
                SELECT query, df, sum(df) OVER (ORDER BY df, term) AS running FROM terms
                WHERE df > 0 AND (@common_terms_select OR df <= @keyword_pool OR df <= total * @common_term_share)
            ) r
            WHERE running <= @keyword_pool OR running = df
        ), keyword_hits AS (
            SELECT id FROM (
                SELECT id, terms FROM memories
                WHERE account_id = @account {0} AND terms @@ (SELECT query FROM matching)
                LIMIT @keyword_pool
            ) matches
            ORDER BY (SELECT sum(t.idf) FROM terms t WHERE t.df > 0 AND matches.terms @@ t.query) DESC, id
            LIMIT @candidates
        )
        """;

    private const string KeywordPoolSql = " UNION SELECT id FROM keyword_hits";

    private const string KeywordFusionSql =
        "@keyword_weight * COALESCE((SELECT sum(t.idf) FROM terms t WHERE t.df > 0 AND m.terms @@ t.query) / (SELECT idf FROM query_weight), 0) + ";

    private const string VectorBranchSql = """
        (SELECT id FROM memories WHERE account_id = @account AND embedding_model = @model{0} {1}
         ORDER BY embedding <=> @embedding{0} LIMIT @candidates)
        """;

    /// <summary>The statement for <paramref name="query"/> with its query vectors (one per embedding model the
    /// account's memories use) and the share of the query text the current embedder understands.
    /// <paramref name="keywordOnlyMemories"/>: some of the account's memories have no query vector to be found by
    /// (client vectors, a model no longer served), so their words are their only way in and every term selects.</summary>
    public static NpgsqlCommand Create(NpgsqlDataSource dataSource, Guid accountId, RecallQuery query, IReadOnlyList<RecallVector> vectors,
        double coverage, bool keywordOnlyMemories)
    {
        var hasText = !string.IsNullOrWhiteSpace(query.Text);
        var vectorWeight = hasText ? RecallRanking.VectorWeight * coverage : 1;

        var filters = (query.AgentId is null ? "" : " AND agent_id = @agent")
            + (query.MetadataFilterJson is null ? "" : " AND metadata @> @filter::jsonb");
        var eligible = "(TRUE" + (query.AgentId is null ? "" : " AND m.agent_id = @agent")
            + (query.MetadataFilterJson is null ? "" : " AND m.metadata @> @filter::jsonb") + ")";
        var branches = string.Join("\nUNION ALL\n", vectors.Select((_, i) => string.Format(VectorBranchSql, i, filters)));
        var similarity = "CASE m.embedding_model "
            + string.Concat(vectors.Select((_, i) => $"WHEN @model{i} THEN 1 - (m.embedding <=> @embedding{i}) ")) + "END";

        // Without query text the keyword branch finds nothing and weighs nothing, so it is left out: the same answers
        // from a statement PostgreSQL runs about a quarter faster, as it sets up every branch, executed or not
        // (109.7 to 128.1 statements/s with the branch, 132.9 to 165.5 without, in pgbench at 8 clients).
        var command = dataSource.CreateCommand(string.Format(Sql, filters, branches, similarity, eligible, MemoryColumns.Prefixed("m"),
            hasText ? string.Format(KeywordSql, filters) : "", hasText ? KeywordPoolSql : "", hasText ? KeywordFusionSql : ""));
        command.Parameters.AddWithValue("account", accountId);
        if (hasText)
        {
            command.Parameters.AddWithValue("text", query.Text!);
            command.Parameters.AddWithValue("keyword_pool", RecallRanking.KeywordMatchPool);
            command.Parameters.AddWithValue("common_term_share", RecallRanking.CommonTermShare);
            // Every term selects where words are the only way in: to memories no query vector reaches, and for the
            // part of a query (Korean, say) the embedder does not understand.
            command.Parameters.AddWithValue("common_terms_select", keywordOnlyMemories || coverage < 1);
            command.Parameters.AddWithValue("keyword_weight", 1 - vectorWeight);
        }
        for (var i = 0; i < vectors.Count; i++)
        {
            command.Parameters.AddWithValue($"model{i}", vectors[i].Model);
            command.Parameters.AddWithValue($"embedding{i}", new Vector(vectors[i].Vector));
        }
        command.Parameters.AddWithValue("candidates", RecallRanking.Candidates(query.Limit));
        command.Parameters.AddWithValue("window", RecallRanking.NeighbourWindow);
        command.Parameters.AddWithValue("vector_weight", vectorWeight);
        command.Parameters.AddWithValue("neighbour_weight", RecallRanking.NeighbourWeight);
        command.Parameters.AddWithValue("boost", RecallRanking.ScoreBoostMargin);
        command.Parameters.AddWithValue("limit", query.Limit);
        command.Parameters.AddWithValue("min_relevance", query.MinRelevance);
        if (query.AgentId is not null)
        {
            command.Parameters.AddWithValue("agent", query.AgentId);
        }
        if (query.MetadataFilterJson is not null)
        {
            command.Parameters.AddWithValue("filter", query.MetadataFilterJson);
        }
        return command;
    }
}
