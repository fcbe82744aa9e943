using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace StellarMemory.Bench.Quality;

/// <summary>A conversation loaded into a new account through the public API, as a customer's agent would: every turn
/// stored as one memory ("Speaker: text", its dia_id in metadata), in order, in batches of 100.</summary>
public sealed class ConversationAccount
{
    private ConversationAccount(Conversation conversation, Guid accountId, string apiKey, IReadOnlyDictionary<string, Guid> memoryOf) =>
        (Conversation, AccountId, ApiKey, _memoryOf) = (conversation, accountId, apiKey, memoryOf);

    private readonly IReadOnlyDictionary<string, Guid> _memoryOf;

    public Conversation Conversation { get; }
    public Guid AccountId { get; }
    public string ApiKey { get; }

    /// <summary>The memories holding a question's answer (two turns deduplicated into one memory count once).</summary>
    public IReadOnlySet<Guid> Answers(Conversation.Question question) =>
        question.Evidence.Where(_memoryOf.ContainsKey).Select(e => _memoryOf[e]).ToHashSet();

    public static async Task<ConversationAccount> LoadAsync(HttpClient client, NpgsqlDataSource dataSource, Conversation conversation)
    {
        var registered = await client.PostAsJsonAsync("/auth/register", new { email = $"quality-{Guid.NewGuid():N}@example.com" });
        registered.EnsureSuccessStatusCode();
        var body = await registered.Content.ReadFromJsonAsync<JsonElement>();
        var accountId = body.GetProperty("user_id").GetGuid();
        var apiKey = body.GetProperty("api_key").GetString()!;
        await using (var tier = dataSource.CreateCommand("UPDATE accounts SET tier = 'team' WHERE id = @id"))
        {
            tier.Parameters.AddWithValue("id", accountId);
            await tier.ExecuteNonQueryAsync();
        }

        var memoryOf = new Dictionary<string, Guid>();
        foreach (var chunk in conversation.Turns.Chunk(100))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/store/batch")
            {
                Content = JsonContent.Create(new
                {
                    memories = chunk.Select(t => new { content = t.Content, metadata = new { dia_id = t.DiaId, sample = conversation.Id } }),
                }),
            };
            request.Headers.Authorization = new("Bearer", apiKey);
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Storing conversation {conversation.Id} failed: {(int)response.StatusCode} {text}");
            }
            var results = JsonDocument.Parse(text).RootElement.GetProperty("results").EnumerateArray().ToList();
            for (var i = 0; i < chunk.Length; i++)
            {
                if (results[i].TryGetProperty("id", out var id))
                {
                    memoryOf[chunk[i].DiaId] = id.GetGuid();
                }
            }
        }
        return new ConversationAccount(conversation, accountId, apiKey, memoryOf);
    }

    /// <summary>Asks the API: the ids recalled for <paramref name="question"/>, best first.</summary>
    public async Task<IReadOnlyList<Guid>> RecallAsync(HttpClient client, string question, int limit)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/recall") { Content = JsonContent.Create(new { query = question, limit }) };
        request.Headers.Authorization = new("Bearer", ApiKey);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("memories").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).ToList();
    }
}
