using Npgsql;
using Pgvector;
using StellarMemory.Core.Embeddings;

namespace StellarMemory.Bench.Quality;

/// <summary>Other rankings of the same rows, computed in the same run from what the database holds, so recall is
/// always compared with them on equal terms:
/// <list type="bullet">
/// <item>keyword only: BM25 over PostgreSQL's <c>english</c> tokens of the stored text;</item>
/// <item>vector only: exact cosine between the stored vectors and the query embedded by the same model;</item>
/// <item>the same with both rounded to 16-bit floats, as a <c>halfvec</c> column would store them;</item>
/// <item>reciprocal-rank fusion (k = 60) of those two, the usual hybrid recipe;</item>
/// <item>the previous ranking: all-MiniLM-L6-v2 cosine (0.80) plus <c>ts_rank_cd</c> of a full-text query that
/// needs every term (0.15), over the 40 best of each, as recall ranked before the hybrid ranking.</item>
/// </list></summary>
public sealed class Baselines
{
    private const int PreviousCandidates = 40;

    private readonly NpgsqlDataSource _dataSource;
    private readonly Guid _accountId;
    private readonly Bm25Ranker _bm25;
    private readonly IReadOnlyDictionary<Guid, float[]> _vectors;
    private readonly IEmbedder? _model;
    private readonly IReadOnlyDictionary<Guid, float[]> _miniLm;

    private Baselines(NpgsqlDataSource dataSource, Guid accountId, Bm25Ranker bm25, IReadOnlyDictionary<Guid, float[]> vectors,
        IEmbedder? model, IReadOnlyDictionary<Guid, float[]> miniLm) =>
        (_dataSource, _accountId, _bm25, _vectors, _model, _miniLm) = (dataSource, accountId, bm25, vectors, model, miniLm);

    public static async Task<Baselines> LoadAsync(NpgsqlDataSource dataSource, Guid accountId)
    {
        var rows = new List<(Guid Id, string Content, float[] Vector, string Model)>();
        await using (var command = dataSource.CreateCommand("SELECT id, content, embedding, embedding_model FROM memories WHERE account_id = @a"))
        {
            command.Parameters.AddWithValue("a", accountId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<Vector>(2).ToArray(), reader.GetString(3)));
            }
        }
        var terms = new Dictionary<Guid, IReadOnlyDictionary<string, int>>();
        await using (var command = dataSource.CreateCommand("""
            SELECT m.id, t.lexeme, COALESCE(array_length(t.positions, 1), 1)
            FROM memories m CROSS JOIN LATERAL unnest(to_tsvector('english', m.content)) AS t
            WHERE m.account_id = @a
            """))
        {
            command.Parameters.AddWithValue("a", accountId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var id = reader.GetGuid(0);
                if (!terms.TryGetValue(id, out var counts))
                {
                    terms[id] = counts = new Dictionary<string, int>();
                }
                ((Dictionary<string, int>)counts)[reader.GetString(1)] = reader.GetInt32(2);
            }
        }
        foreach (var row in rows.Where(r => !terms.ContainsKey(r.Id)))
        {
            terms[row.Id] = new Dictionary<string, int>();
        }
        var model = rows.GroupBy(r => r.Model).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        var embedder = new[] { LocalSentenceEmbedder.ArcticXs, LocalSentenceEmbedder.MiniLm }.FirstOrDefault(e => e.Model == model);
        var miniLm = await LocalSentenceEmbedder.MiniLm.EmbedDocumentsAsync(rows.Select(r => r.Content).ToList(), CancellationToken.None);
        return new Baselines(dataSource, accountId, new Bm25Ranker(terms),
            rows.Where(r => r.Model == model).ToDictionary(r => r.Id, r => r.Vector), embedder,
            rows.Select((r, i) => (r.Id, Vector: miniLm[i])).ToDictionary(r => r.Id, r => r.Vector));
    }

    public async Task<IReadOnlyList<Guid>> KeywordAsync(string question) => _bm25.Rank(await EnglishTermsAsync(question));

    public async Task<IReadOnlyList<Guid>> VectorAsync(string question) =>
        _model is null ? [] : ByCosine(_vectors, await _model.EmbedQueryAsync(question, CancellationToken.None));

    public async Task<IReadOnlyList<Guid>> HalfPrecisionVectorAsync(string question) =>
        _model is null ? [] : ByCosine(_vectors.ToDictionary(v => v.Key, v => ToHalf(v.Value)),
            ToHalf(await _model.EmbedQueryAsync(question, CancellationToken.None)));

    // What pgvector's vector-to-halfvec cast does to each component: IEEE round to nearest 16-bit float.
    private static float[] ToHalf(float[] vector) => vector.Select(x => (float)(Half)x).ToArray();

    public async Task<IReadOnlyList<Guid>> ReciprocalRankFusionAsync(string question)
    {
        var lists = new[] { await KeywordAsync(question), await VectorAsync(question) };
        return lists.SelectMany(list => list.Select((id, rank) => (id, score: 1.0 / (60 + rank + 1))))
            .GroupBy(x => x.id).OrderByDescending(g => g.Sum(x => x.score)).ThenBy(g => g.Key).Select(g => g.Key).ToList();
    }

    public async Task<IReadOnlyList<Guid>> PreviousAsync(string question)
    {
        var query = await LocalSentenceEmbedder.MiniLm.EmbedQueryAsync(question, CancellationToken.None);
        var similarity = _miniLm.ToDictionary(r => r.Key, r => Cosine(r.Value, query));
        var textRank = new Dictionary<Guid, double>();
        await using (var command = _dataSource.CreateCommand("""
            SELECT id, ts_rank_cd(to_tsvector('english', content), websearch_to_tsquery('english', @q), 32)
            FROM memories WHERE account_id = @a AND to_tsvector('english', content) @@ websearch_to_tsquery('english', @q)
            """))
        {
            command.Parameters.AddWithValue("a", _accountId);
            command.Parameters.AddWithValue("q", question);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                textRank[reader.GetGuid(0)] = reader.GetFloat(1);
            }
        }
        var candidates = similarity.OrderByDescending(s => s.Value).Take(PreviousCandidates).Select(s => s.Key)
            .Union(textRank.OrderByDescending(t => t.Value).Take(PreviousCandidates).Select(t => t.Key));
        return candidates
            .Select(id => (id, relevance: 0.80 * Math.Max(0, similarity.GetValueOrDefault(id)) + 0.15 * textRank.GetValueOrDefault(id)))
            .OrderByDescending(x => x.relevance).ThenBy(x => x.id).Select(x => x.id).ToList();
    }

    private async Task<IReadOnlyList<string>> EnglishTermsAsync(string text)
    {
        await using var command = _dataSource.CreateCommand("SELECT lexeme FROM unnest(to_tsvector('english', @q))");
        command.Parameters.AddWithValue("q", text);
        var terms = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            terms.Add(reader.GetString(0));
        }
        return terms;
    }

    private static IReadOnlyList<Guid> ByCosine(IReadOnlyDictionary<Guid, float[]> vectors, float[] query) =>
        vectors.OrderByDescending(v => Cosine(v.Value, query)).ThenBy(v => v.Key).Select(v => v.Key).ToList();

    private static double Cosine(float[] a, float[] b) => StellarMemory.Core.Memory.VectorMath.Cosine(a, b);
}
