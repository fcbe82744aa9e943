using System.Text.RegularExpressions;
using Npgsql;
using StellarMemory.Core.Embeddings;
using StellarMemory.Core.Memory;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Memory;

/// <summary>Which query terms select keyword candidates: a term in more memories than the pool and in more than a
/// quarter of the account's selects none while every memory has a query vector and the embedder understands all of
/// the query, and still does where some memories, or part of the query, can only be found by words.</summary>
public sealed class MemoryRecallTests : IAsyncLifetime
{
    // Every seeded memory reads "seeded memory {i}": 'seed' and 'memori' are in all 1,100, the number in one.
    private const int Seeded = RecallRanking.KeywordMatchPool + 100;

    private TestDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;
    private Guid _account;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync();
        _dataSource = _database.CreateVectorDataSource();
        _account = await _database.AddAccountAsync();
        await MemorySeeder.SeedAsync(_database, _account, Seeded, seed: 5);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_term_in_most_memories_reads_nothing_from_the_keyword_index_where_every_memory_has_a_query_vector()
    {
        Assert.Equal(0, await KeywordIndexRowsAsync("seeded memories", keywordOnlyMemories: false));
    }

    [Fact]
    public async Task A_rare_term_beside_common_ones_still_reads_its_memories_from_the_keyword_index()
    {
        Assert.Equal(1, await KeywordIndexRowsAsync("seeded memory 7", keywordOnlyMemories: false));
    }

    [Fact]
    public async Task A_term_in_most_memories_still_selects_where_some_memories_can_only_be_found_by_their_words()
    {
        Assert.True(await KeywordIndexRowsAsync("seeded memories", keywordOnlyMemories: true) >= RecallRanking.KeywordMatchPool);
    }

    [Fact]
    public async Task A_term_in_most_memories_still_selects_for_a_query_the_embedder_does_not_fully_understand()
    {
        Assert.True(await KeywordIndexRowsAsync("seeded memories", keywordOnlyMemories: false, coverage: 0.5) >= RecallRanking.KeywordMatchPool);
    }

    [Fact]
    public async Task Query_text_finds_client_vector_memories_by_their_commonest_words()
    {
        var recall = InProcessRecall.Create(_dataSource, new EmbedderCatalog(LocalSentenceEmbedder.ArcticXs));

        // No memory has a vector of the model the text is embedded with: the words are the only way in.
        var found = await recall.RecallAsync(_account, new RecallQuery("seeded memories", null, 10), CancellationToken.None);

        Assert.Equal(10, found.Count);
        Assert.All(found, m => Assert.StartsWith("seeded memory ", m.Content));
    }

    /// <summary>Rows the keyword index returned to recall's statement for <paramref name="text"/>.</summary>
    private async Task<int> KeywordIndexRowsAsync(string text, bool keywordOnlyMemories, double coverage = 1)
    {
        var vector = MemorySeeder.RandomVector(new Random(9));
        await using var command = RecallStatement.Create(_dataSource, _account, new RecallQuery(text, null, 10),
            [new RecallVector(LocalSentenceEmbedder.ArcticXs.Model, vector)], coverage, keywordOnlyMemories);
        command.CommandText = "EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) " + command.CommandText;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }
        var read = plan.Where(line => line.Contains("Bitmap Index Scan on memories_p") && line.Contains("terms")).ToList();
        Assert.True(read.Count == 1, string.Join("\n", plan));
        var rows = Regex.Match(read[0], @"actual rows=(\d+)");
        if (!rows.Success)
        {
            Assert.Contains("never executed", read[0]);
            return 0;
        }
        return int.Parse(rows.Groups[1].Value);
    }
}
