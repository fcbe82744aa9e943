using Npgsql;
using StellarMemory.Tests.Support;
using StellarMemory.Bench.Quality;
using Xunit.Abstractions;

namespace StellarMemory.Tests.Functions.Memory;

/// <summary>Quality floors on sets of our own, stored and recalled through the API as a customer's agent would:
/// a chatty conversation between two friends (names, places, dates; questions that share few words with the turn
/// that answers them), and Korean memories among English ones. The ranking before hybrid recall scored 0.59 /
/// 0.72 (hit@5 / hit@10) on the first and 0.12 (hit@3) on the second; these floors fail it.</summary>
public sealed class ConversationRecallTests(MemoryApiFixture api, ITestOutputHelper output) : IClassFixture<MemoryApiFixture>
{
    private static Conversation Load(string file) =>
        Conversation.Load(Path.Combine(AppContext.BaseDirectory, "Memory", file)).Single();

    private async Task<(RankingMetrics First, RankingMetrics Second)> AskTwiceAsync(Conversation conversation)
    {
        await using var dataSource = NpgsqlDataSource.Create(api.Database.ConnectionString);
        var account = await ConversationAccount.LoadAsync(api.Client, dataSource, conversation);
        var first = new RankingMetrics("first");
        var second = new RankingMetrics("second");
        long recalls = 0;
        foreach (var pass in new[] { first, second })
        {
            foreach (var question in conversation.Questions)
            {
                var recalled = await account.RecallAsync(api.Client, question.Text, RankingMetrics.Depth);
                pass.Add(question.Category, recalled, account.Answers(question));
                recalls += recalled.Count;
            }
            // The second pass must see what the first one left: every recall counted, scores recomputed.
            await Eventually.GetAsync(() => api.Database.ScalarAsync<long>(
                    $"SELECT COALESCE(sum(recall_count), 0) FROM memories WHERE account_id = '{account.AccountId}'"),
                total => total == recalls, TimeSpan.FromSeconds(15), $"{recalls} recalls to be counted");
        }
        output.WriteLine($"first pass {first.Overall}");
        output.WriteLine($"second pass {second.Overall}");
        return (first, second);
    }

    [Fact]
    public async Task Conversation_questions_find_an_answering_turn_in_the_top_five_and_the_top_ten()
    {
        var conversation = Load("conversation-recall-set.json");
        Assert.True(conversation.Turns.Count >= 80 && conversation.Questions.Count >= 30);

        var (first, _) = await AskTwiceAsync(conversation);

        Assert.Equal(conversation.Questions.Count, first.Questions);
        Assert.True(first.Overall.Hit5 >= 0.65, $"hit@5 {first.Overall.Hit5}");
        Assert.True(first.Overall.Hit10 >= 0.78, $"hit@10 {first.Overall.Hit10}");
    }

    [Fact]
    public async Task Recall_statistics_of_a_first_pass_do_not_lower_the_second()
    {
        var (first, second) = await AskTwiceAsync(Load("conversation-recall-set.json"));

        Assert.True(second.Overall.Hit5 >= first.Overall.Hit5 - 0.035, $"hit@5 {first.Overall.Hit5} then {second.Overall.Hit5}");
        Assert.True(second.Overall.Hit10 >= first.Overall.Hit10 - 0.035, $"hit@10 {first.Overall.Hit10} then {second.Overall.Hit10}");
    }

    [Fact]
    public async Task Korean_questions_find_their_memory_among_english_ones_in_the_top_three()
    {
        var conversation = Load("korean-recall-set.json");
        Assert.True(conversation.Turns.Count(t => t.DiaId.StartsWith('K')) >= 50 && conversation.Questions.Count >= 50);

        var (first, _) = await AskTwiceAsync(conversation);

        Assert.Equal(conversation.Questions.Count, first.Questions);
        Assert.True(first.Overall.Hit3 >= 0.75, $"hit@3 {first.Overall.Hit3}");
    }

    [Fact]
    public async Task Distinct_korean_memories_are_never_taken_for_duplicates_of_each_other()
    {
        // An English-only model gives Korean sentences vectors that sit within the duplicate threshold of each other.
        var conversation = Load("korean-recall-set.json");
        var account = await api.AccountAsync();

        var response = await StellarApi.SendAsync(api.Client, HttpMethod.Post, "/api/v1/store/batch", account.ApiKey,
            new { memories = conversation.Turns.Take(100).Select(t => new { content = t.Content }) });

        var body = await StellarApi.JsonAsync(response);
        Assert.Equal(100, body.GetProperty("stored").GetInt32());
        Assert.All(body.GetProperty("results").EnumerateArray(), r => Assert.False(r.GetProperty("deduplicated").GetBoolean()));
    }
}
