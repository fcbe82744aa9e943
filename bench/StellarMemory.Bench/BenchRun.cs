using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Npgsql;
using StellarMemory.Core.Embeddings;
using StellarMemory.Core.Memory;
using StellarMemory.Sandbox;

namespace StellarMemory.Bench;

/// <summary>What every scenario runs against: a database of the run's own, seeded; the Sandbox's fake Stripe (the
/// one the tests and the demo use); two portable hosts in their own processes; and the accounts measured. Scenarios
/// measure through <see cref="MeasureAsync"/>, so each runs for the same time with the same clients.</summary>
public sealed class BenchRun : IAsyncDisposable
{
    private readonly BenchDatabase _database;
    private readonly HostProcess _hostA;
    private readonly HostProcess _hostB;
    private readonly IReadOnlyList<QueueClient> _queues;

    private BenchRun(BenchSettings settings, BenchDatabase database, FakeStripe stripe, HostProcess hostA, HostProcess hostB,
        IReadOnlyList<QueueClient> queues)
    {
        (Settings, _database, Stripe, _hostA, _hostB, _queues) = (settings, database, stripe, hostA, hostB, queues);
        Seeder = new Seeder(database.DataSource);
        ClientA = new HttpClient { BaseAddress = hostA.BaseAddress };
        ClientB = new HttpClient { BaseAddress = hostB.BaseAddress };
    }

    public BenchSettings Settings { get; }
    public NpgsqlDataSource DataSource => _database.DataSource;
    public Seeder Seeder { get; }
    public FakeStripe Stripe { get; }
    public HttpClient ClientA { get; }
    public HttpClient ClientB { get; }
    public LocalSentenceEmbedder Embedder { get; } = LocalSentenceEmbedder.ArcticXs;

    /// <summary>The Team account recall is measured in, seeded with <see cref="BenchSettings.MeasuredMemories"/>.</summary>
    public (Guid Id, string Key) Measured { get; private set; }

    /// <summary>The Team account recall with the caller's own vector is measured in: as many memories as
    /// <see cref="Measured"/>, stored with client vectors, since recall compares a client's vector only with those.</summary>
    public (Guid Id, string Key) ClientVectors { get; private set; }

    /// <summary>The Team account stores go to, so they do not change what recall searches.</summary>
    public (Guid Id, string Key) Storing { get; private set; }

    public static IReadOnlyList<string> Queries { get; } = ["when is the next release", "what did the customer say about the invoice",
        "which server runs staging", "travel plans for the holiday", "the daughter's allergy", "budget review meeting",
        "python database contract", "coffee and garden"];

    public static async Task<BenchRun> StartAsync(BenchSettings settings, string repoRoot, string server, string storage,
        DateTimeOffset started, bool keep)
    {
        var database = await BenchDatabase.CreateAsync(server, storage, started, keep);
        Console.WriteLine($"Stellar Memory bench ({settings.Mode}): database {database.Name}");
        var stripe = new FakeStripe("whsec_bench_" + Guid.NewGuid().ToString("N"));
        await stripe.StartAsync();
        var hostSettings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["AzureWebJobsStorage"] = storage,
            ["UsageEventsQueue"] = $"bench-usage-{started:HHmmss}",
            ["WebhookEventsQueue"] = $"bench-webhooks-{started:HHmmss}",
            ["RateLimiting__PlanMultiplier"] = "1000",
            ["Billing__Stripe__WebhookSecret"] = stripe.WebhookSecret,
            ["Billing__Stripe__SecretKey"] = FakeStripe.ApiKey,
            ["Billing__Stripe__ApiBase"] = stripe.BaseAddress.ToString().TrimEnd('/'),
            ["Billing__Stripe__Prices__pro"] = TierChangeLagScenario.Prices["pro"],
            ["Billing__Stripe__Prices__team"] = TierChangeLagScenario.Prices["team"],
            ["AzureFunctionsJobHost__logging__logLevel__default"] = "Warning",
        };
        // Nothing of the run is left behind when it cannot start: hosts stopped, the database dropped unless kept.
        var hosts = new List<HostProcess>();
        try
        {
            hosts.Add(await HostProcess.StartAsync(repoRoot, hostSettings));
            hosts.Add(await HostProcess.StartAsync(repoRoot, hostSettings));
        }
        catch
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
            await stripe.DisposeAsync();
            await database.DisposeAsync();
            throw;
        }
        // The run's own queues, deleted with it: left behind, every run would add its queues and unread messages to the
        // local Azurite, whose saves of its whole state then cost more CPU in every later run.
        var queues = new[] { hostSettings["UsageEventsQueue"], hostSettings["WebhookEventsQueue"] }
            .SelectMany(name => new[] { name, name + "-poison" })
            .Select(name => new QueueClient(storage, name))
            .ToList();
        var run = new BenchRun(settings, database, stripe, hosts[0], hosts[1], queues);
        try
        {
            await run.SeedAsync();
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    public async Task<(Guid Id, string Key)> RegisterAsync()
    {
        var response = await ClientA.PostAsJsonAsync("/auth/register", new { email = $"bench-{Guid.NewGuid():N}@example.com" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("user_id").GetGuid(), body.GetProperty("api_key").GetString()!);
    }

    // The index is dropped while the rows go in and built once after: far faster than keeping it up to date.
    private async Task SeedAsync()
    {
        Measured = await TeamAccountAsync();
        ClientVectors = await TeamAccountAsync();
        Storing = await TeamAccountAsync();
        Console.WriteLine($"seeding {Settings.MeasuredMemories:N0} memories in each of the two measured accounts and {Settings.OtherMemories:N0} in {Settings.OtherAccounts} others");
        await Seeder.ExecuteAsync("DROP INDEX memories_embedding", CancellationToken.None);
        await Seeder.SeedAsync(Measured.Id, Settings.MeasuredMemories, CancellationToken.None);
        await Seeder.SeedAsync(ClientVectors.Id, Settings.MeasuredMemories, CancellationToken.None, EmbedderCatalog.ClientModel);
        for (var i = 0; i < Settings.OtherAccounts; i++)
        {
            var other = Guid.NewGuid();
            await Seeder.ExecuteAsync($"INSERT INTO accounts (id, email, email_normalized, tier, created_at) VALUES ('{other}', '{other}@example.com', '{other}@example.com', 'team', now())", CancellationToken.None);
            await Seeder.SeedAsync(other, Settings.OtherMemories / Settings.OtherAccounts, CancellationToken.None);
        }
        var indexClock = System.Diagnostics.Stopwatch.StartNew();
        await Seeder.ExecuteAsync($"SET maintenance_work_mem = '1GB'; {VectorIndexSettings.CreateIndexSql}", CancellationToken.None);
        Console.WriteLine($"HNSW index built in {indexClock.Elapsed.TotalSeconds:0} s");
        // The seeded rows would otherwise be vacuumed by autovacuum in the middle of the first scenario, which then
        // measures that too (store alone ran at a third of its rate right after seeding); vacuumed here, every scenario
        // starts from the same settled tables.
        await Seeder.ExecuteAsync("VACUUM (ANALYZE) memories", CancellationToken.None);
        // Seeding writes far more WAL than max_wal_size, so PostgreSQL would still be writing it out in a checkpoint
        // it paces over minutes, through the scenarios measured next (in the full run of 3 December, one from 16:00:04
        // to 16:04:34, while store one had its tail). Written out here, at once, the scenarios measure their own work.
        await Seeder.ExecuteAsync("CHECKPOINT", CancellationToken.None);
        await Embedder.EmbedQueryAsync("warm up", CancellationToken.None);
    }

    private async Task<(Guid Id, string Key)> TeamAccountAsync()
    {
        var (id, key) = await RegisterAsync();
        await Seeder.ExecuteAsync($"UPDATE accounts SET tier = 'team' WHERE id = '{id}'", CancellationToken.None);
        return (id, key);
    }

    /// <summary>Runs <paramref name="request"/> from the run's clients (or <paramref name="clients"/>) for the run's duration,
    /// after the warm-up of a floor, or of a host if the requests go <paramref name="throughHost"/>.</summary>
    public async Task<ScenarioResult> MeasureAsync(string name, Func<int, Task<bool>> request, double itemsPerRequest = 1, int? clients = null,
        bool throughHost = false)
    {
        Console.WriteLine($"  {name}...");
        var (stats, elapsed) = await LoadRunner.RunAsync(clients ?? Settings.Clients, Settings.Duration,
            throughHost ? Settings.HostWarmUp : Settings.WarmUp, request);
        return ScenarioResult.From(name, stats, elapsed, itemsPerRequest);
    }

    public static HttpRequestMessage Authed(HttpMethod method, string path, string key, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", key);
        return request;
    }

    public static async Task<bool> Ok(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        return response.IsSuccessStatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        ClientA.Dispose();
        ClientB.Dispose();
        await _hostA.DisposeAsync();
        await _hostB.DisposeAsync();
        await Stripe.DisposeAsync();
        await _database.DisposeAsync();
        // Last, so an unreachable Azurite cannot keep the run's database from being dropped.
        foreach (var queue in _queues)
        {
            await queue.DeleteIfExistsAsync();
        }
    }
}
