using System.Net;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Memory;

public sealed class RecallConcurrencyTests(MemoryApiFixture api) : IClassFixture<MemoryApiFixture>
{
    [Fact]
    public async Task Concurrent_recalls_of_overlapping_memories_all_succeed_and_count_every_recall_exactly()
    {
        var account = await api.AccountAsync();
        await MemorySeeder.SeedAsync(api.Database, account.AccountId, 30, seed: 11);

        // Sixty queries around three directions: each recalls 10 of 30 memories, ranked differently, so
        // concurrent statements update overlapping rows, which is where lock order matters.
        var random = new Random(12);
        var directions = Enumerable.Range(0, 3).Select(_ => MemorySeeder.RandomVector(random)).ToArray();
        var queries = Enumerable.Range(0, 60).Select(i =>
        {
            var noise = MemorySeeder.RandomVector(random);
            return directions[i % 3].Zip(noise, (d, n) => d + 0.6f * n).ToArray();
        }).ToList();

        var responses = await Task.WhenAll(queries.Select(embedding =>
            StellarApi.SendAsync(api.Client, HttpMethod.Post, "/api/v1/recall", account.ApiKey, new { embedding, limit = 10 })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var returned = new Dictionary<Guid, int>();
        foreach (var response in responses)
        {
            foreach (var memory in (await StellarApi.JsonAsync(response)).GetProperty("memories").EnumerateArray())
            {
                var id = memory.GetProperty("id").GetGuid();
                returned[id] = returned.GetValueOrDefault(id) + 1;
            }
        }
        Assert.Equal(600, returned.Values.Sum());
        // Recall statistics are written in batches, within a second of the recalls.
        var ids = string.Join(",", returned.Keys.Select(id => $"'{id}'"));
        await Eventually.GetAsync(() => api.Database.ScalarAsync<long>($"SELECT sum(recall_count) FROM memories WHERE id IN ({ids})"),
            total => total == 600, TimeSpan.FromSeconds(10), "every recall to be counted");
        foreach (var (id, times) in returned)
        {
            Assert.Equal(times, await api.Database.ScalarAsync<int>($"SELECT recall_count FROM memories WHERE id = '{id}'"));
        }
    }

    [Fact]
    public async Task A_recall_answers_while_another_writer_holds_its_memories_locked()
    {
        var account = await api.AccountAsync();
        await MemorySeeder.SeedAsync(api.Database, account.AccountId, 5, seed: 21);
        await using var connection = new Npgsql.NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockRows = new Npgsql.NpgsqlCommand(
            $"SELECT id FROM memories WHERE account_id = '{account.AccountId}' FOR UPDATE", connection, transaction))
        {
            await lockRows.ExecuteNonQueryAsync();
        }

        // Recall only reads: it must not wait for the lock (its statistics are written later, in a batch).
        var recall = StellarApi.SendAsync(api.Client, HttpMethod.Post, "/api/v1/recall", account.ApiKey,
            new { embedding = MemorySeeder.RandomVector(new Random(21)), limit = 3 });
        var finished = await Task.WhenAny(recall, Task.Delay(TimeSpan.FromSeconds(10)));

        Assert.Same(recall, finished);
        Assert.Equal(HttpStatusCode.OK, (await recall).StatusCode);
        await transaction.RollbackAsync();
        await Eventually.GetAsync(() => api.Database.ScalarAsync<long>($"SELECT sum(recall_count) FROM memories WHERE account_id = '{account.AccountId}'"),
            total => total == 3, TimeSpan.FromSeconds(10), "the recall to be counted once the lock is gone");
    }
}
