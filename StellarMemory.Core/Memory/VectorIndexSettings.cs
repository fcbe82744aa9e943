namespace StellarMemory.Core.Memory;

/// <summary>The HNSW index on <c>memories.embedding</c> and how searches use it: the one home of these settings for
/// code (the data sources and the bench). Migration 0005 created the index and set the database defaults with the same
/// values; migrations are history, so a change here comes with a new migration, and a test compares the two.</summary>
public static class VectorIndexSettings
{
    /// <summary>Links per node; pgvector's default, which migration 0005's index was built with.</summary>
    public const int M = 16;

    /// <summary>Candidates kept while building; pgvector's default, which migration 0005's index was built with.</summary>
    public const int EfConstruction = 64;

    /// <summary>Candidates kept while searching (pgvector's default is 40): more recall for a little more time.</summary>
    public const int EfSearch = 100;

    /// <summary>Startup options of every connection that searches: filtered searches (one account of many in a
    /// partition) may continue past <see cref="EfSearch"/> candidates (pgvector 0.8 iterative scan), so they keep
    /// their recall.</summary>
    public static string SessionOptions { get; } = $"-c hnsw.iterative_scan=relaxed_order -c hnsw.ef_search={EfSearch}";

    /// <summary>Builds the index as migration 0005 does (the bench drops it while seeding and builds it again).</summary>
    public static string CreateIndexSql { get; } =
        $"CREATE INDEX memories_embedding ON memories USING hnsw (embedding vector_cosine_ops) WITH (m = {M}, ef_construction = {EfConstruction})";
}
