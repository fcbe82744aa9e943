namespace StellarMemory.Core.Memory;

/// <summary>How recall ranks, chosen by measurement on real conversations (LoCoMo; figures in the README):
/// <list type="number">
/// <item>Candidates: the nearest memories by cosine (HNSW), and the memories sharing any informative term with the
/// query (GIN), each up to <see cref="Candidates"/>; then the memory stored just before and just after each
/// candidate (same agent, within <see cref="NeighbourWindow"/>).</item>
/// <item>Keyword relevance K: the query's BM25 weight a memory matches, sum of idf(t) = ln(1 + (N - n(t) + 0.5) /
/// (n(t) + 0.5)) over the query terms it contains, over the same sum over all query terms. That is BM25 with
/// k1 = 0, normalised by the query, so it lies in 0..1 and a rare term counts for much more than a common one.</item>
/// <item>Fused: <see cref="KeywordWeight"/> x K + <see cref="VectorWeight"/> x c x cosine, where c is the share of
/// the query the embedder understands (<see cref="Embeddings.EmbedderCoverage"/>); the keyword branch takes the rest.</item>
/// <item>Relevance: (fused + <see cref="NeighbourWeight"/> x the best fused of its neighbours) / (1 + that weight).
/// A conversational turn is often answered, or explained, by the turn next to it.</item>
/// <item>Order: relevance + <see cref="ScoreBoostMargin"/> x the memory's score (0..1): recall counts, freshness and
/// importance can reorder memories whose relevance differs by less than that margin, never more.</item>
/// </list></summary>
public static class RecallRanking
{
    public const double KeywordWeight = 0.3;
    public const double VectorWeight = 0.7;
    public const double NeighbourWeight = 0.4;
    public const double ScoreBoostMargin = 0.01;
    public static readonly TimeSpan NeighbourWindow = TimeSpan.FromHours(1);

    /// <summary>Memories matching the query's rarest terms that are ranked by keyword relevance; terms are taken
    /// rarest first while the memories containing them stay under this, so very common terms only weigh, never
    /// flood, the candidates.</summary>
    public const int KeywordMatchPool = 1_000;

    /// <summary>When even the rarest term is held by more memories than <see cref="KeywordMatchPool"/> and by more
    /// than this share of the account's (idf under ln 4), it selects no keyword candidates; it still weighs the
    /// vector branch's. Its first pool of rows would be an arbitrary sample of an uninformative term, and finding them
    /// costs the whole posting list: the keyword index lists each of its memories before the pool is cut (12.5 ms for
    /// a term in 37,000 of an account's 100,000 memories). Unless words are the only way in: some memories have no
    /// query vector (client vectors), or the embedder does not understand all of the query (Korean, say).</summary>
    public const double CommonTermShare = 0.25;

    public static int Candidates(int limit) => Math.Max(20, limit * 2);
}
