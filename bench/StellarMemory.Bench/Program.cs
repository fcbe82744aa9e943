using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pgvector;
using Pgvector.Npgsql;
using StellarMemory.Bench;
using StellarMemory.Core.Embeddings;
using StellarMemory.Core.Memory;
using StellarMemory.Core.Storage;

var settings = BenchSettings.FromArgs(args);
var repoRoot = Environment.GetEnvironmentVariable("STELLAR_REPO_ROOT") ?? Directory.GetCurrentDirectory();
var server = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
    ?? throw new InvalidOperationException("ConnectionStrings__Postgres is not set; run through scripts/bench.sh.");
var storage = Environment.GetEnvironmentVariable("AzureWebJobsStorage")
    ?? throw new InvalidOperationException("AzureWebJobsStorage is not set; run through scripts/bench.sh.");
if (args.Contains("--quality"))
{
    return await StellarMemory.Bench.Quality.QualityBench.RunAsync(args, repoRoot, server, storage);
}
var started = DateTimeOffset.UtcNow;
var webhookSecret = "whsec_bench_" + Guid.NewGuid().ToString("N");

await using var database = await BenchDatabase.CreateAsync(server, storage, started, args.Contains("--keep"));
Console.WriteLine($"Stellar Memory bench ({settings.Mode}): database {database.Name}");
var connectionString = database.ConnectionString;
var dataSource = database.DataSource;
var seeder = new Seeder(dataSource);
await using var stripeApi = new StripeApiFake();
await stripeApi.StartAsync();

var hostSettings = new Dictionary<string, string>
{
    ["ConnectionStrings__Postgres"] = connectionString,
    ["AzureWebJobsStorage"] = storage,
    ["UsageEventsQueue"] = $"bench-usage-{started:HHmmss}",
    ["WebhookEventsQueue"] = $"bench-webhooks-{started:HHmmss}",
    ["RateLimiting__PlanMultiplier"] = "1000",
    ["Billing__Stripe__WebhookSecret"] = webhookSecret,
    ["Billing__Stripe__SecretKey"] = StripeApiFake.ApiKey,
    ["Billing__Stripe__ApiBase"] = stripeApi.BaseAddress.ToString().TrimEnd('/'),
    ["Billing__Stripe__Prices__pro"] = TierChangeLagScenario.Prices["pro"],
    ["Billing__Stripe__Prices__team"] = TierChangeLagScenario.Prices["team"],
    ["AzureFunctionsJobHost__logging__logLevel__default"] = "Warning",
};
await using var hostA = await HostProcess.StartAsync(repoRoot, hostSettings);
await using var hostB = await HostProcess.StartAsync(repoRoot, hostSettings);
using var clientA = new HttpClient { BaseAddress = hostA.BaseAddress };
using var clientB = new HttpClient { BaseAddress = hostB.BaseAddress };

async Task<(Guid Id, string Key)> RegisterAsync()
{
    var response = await clientA.PostAsJsonAsync("/auth/register", new { email = $"bench-{Guid.NewGuid():N}@example.com" });
    var body = await response.Content.ReadFromJsonAsync<JsonElement>();
    return (body.GetProperty("user_id").GetGuid(), body.GetProperty("api_key").GetString()!);
}
async Task<(Guid Id, string Key)> AccountAsync()
{
    var (id, key) = await RegisterAsync();
    await seeder.ExecuteAsync($"UPDATE accounts SET tier = 'team' WHERE id = '{id}'", CancellationToken.None);
    return (id, key);
}
var (measuredId, measuredKey) = await AccountAsync();
var (storeId, storeKey) = await AccountAsync();

Console.WriteLine($"seeding {settings.MeasuredMemories:N0} memories in the measured account and {settings.OtherMemories:N0} in {settings.OtherAccounts} others");
await seeder.ExecuteAsync("DROP INDEX memories_embedding", CancellationToken.None);
await seeder.SeedAsync(measuredId, settings.MeasuredMemories, CancellationToken.None);
for (var i = 0; i < settings.OtherAccounts; i++)
{
    var other = Guid.NewGuid();
    await seeder.ExecuteAsync($"INSERT INTO accounts (id, email, email_normalized, tier, created_at) VALUES ('{other}', '{other}@example.com', '{other}@example.com', 'team', now())", CancellationToken.None);
    await seeder.SeedAsync(other, settings.OtherMemories / settings.OtherAccounts, CancellationToken.None);
}
var indexClock = System.Diagnostics.Stopwatch.StartNew();
await seeder.ExecuteAsync($"SET maintenance_work_mem = '1GB'; {VectorIndexSettings.CreateIndexSql}; ANALYZE memories;", CancellationToken.None);
Console.WriteLine($"HNSW index built in {indexClock.Elapsed.TotalSeconds:0} s");

var embedder = LocalSentenceEmbedder.ArcticXs;
await embedder.EmbedQueryAsync("warm up", CancellationToken.None);
string[] queries = ["when is the next release", "what did the customer say about the invoice", "which server runs staging",
    "travel plans for the holiday", "the daughter's allergy", "budget review meeting", "python database contract", "coffee and garden"];
HttpRequestMessage Authed(HttpMethod method, string path, string key, object? body = null)
{
    var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
    request.Headers.Authorization = new("Bearer", key);
    return request;
}
async Task<ScenarioResult> Measure(string name, Func<int, Task<bool>> request, double itemsPerRequest = 1, int? clients = null)
{
    Console.WriteLine($"  {name}...");
    var (stats, elapsed) = await LoadRunner.RunAsync(clients ?? settings.Clients, settings.Duration, settings.WarmUp, request);
    return ScenarioResult.From(name, stats, elapsed, itemsPerRequest);
}
async Task<bool> Ok(Task<HttpResponseMessage> call)
{
    using var response = await call;
    return response.IsSuccessStatusCode;
}

var results = new List<ScenarioResult>();
var anonymous = await Measure("baseline: anonymous GET /billing/plans", _ => Ok(clientA.GetAsync("/billing/plans")));
var authed = (await Measure("auth+ratelimit+metering GET /auth/me", _ => Ok(clientA.SendAsync(Authed(HttpMethod.Get, "/auth/me", measuredKey))))).Against(anonymous);
authed = authed with { Note = $"p99 overhead {authed.P99 - anonymous.P99:0.00} ms, p50 overhead {authed.P50 - anonymous.P50:0.00} ms" };
results.AddRange([anonymous, authed]);

var floor = await Measure("baseline: same vector query via Npgsql", async _ =>
{
    await using var command = dataSource.CreateCommand("SELECT id FROM memories WHERE account_id = @a ORDER BY embedding <=> @v LIMIT 10");
    command.Parameters.AddWithValue("a", measuredId);
    command.Parameters.AddWithValue("v", new Vector(seeder.NearVector()));
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync()) { }
    return true;
});
var clientVector = (await Measure("recall, client vector (POST)", _ => Ok(clientA.SendAsync(
    Authed(HttpMethod.Post, "/api/v1/recall", measuredKey, new { embedding = seeder.NearVector(), limit = 10 }))))).Against(floor);
var embedAlone = await Measure("baseline: embedder alone (one query)", async i => (await embedder.EmbedQueryAsync(queries[i % queries.Length] + " " + i, CancellationToken.None)).Length == 384);
var serverEmbed = (await Measure("recall, server embedding (GET)", i => Ok(clientA.SendAsync(
    Authed(HttpMethod.Get, $"/api/v1/recall?q={Uri.EscapeDataString(queries[i % queries.Length] + " " + i)}&limit=10", measuredKey))))).Against(embedAlone);
results.AddRange([floor, clientVector, embedAlone, serverEmbed]);

var bareInsert = await Measure("baseline: bare insert via Npgsql", async i =>
{
    await using var command = dataSource.CreateCommand("""
        INSERT INTO memories (id, account_id, agent_id, content, importance, embedding, embedding_model, zone, score, created_at, updated_at)
        VALUES (@id, @a, 'bare', @c, 0.5, @v, 'bare', 'belt', 0.4, now(), now())
        """);
    command.Parameters.AddWithValue("id", Guid.NewGuid());
    command.Parameters.AddWithValue("a", storeId);
    command.Parameters.AddWithValue("c", seeder.Sentence());
    command.Parameters.AddWithValue("v", new Vector(seeder.NearVector()));
    return await command.ExecuteNonQueryAsync() == 1;
});
var storeSingle = (await Measure("store, single (server embedding)", i => Ok(clientA.SendAsync(
    Authed(HttpMethod.Post, "/api/v1/store", storeKey, new { content = seeder.Sentence(12) + " " + i }))))).Against(embedAlone);
storeSingle = storeSingle with { Note = $"bare insert p95 {bareInsert.P95:0.00} ms + embedder p95 {embedAlone.P95:0.00} ms" };
var storeBatch = await Measure("store, batch of 100 (memories/s)", i => Ok(clientA.SendAsync(
    Authed(HttpMethod.Post, "/api/v1/store/batch", storeKey, new { memories = Enumerable.Range(0, 100).Select(j => new { content = seeder.Sentence(12) + $" {i}.{j}" }) }))),
    itemsPerRequest: 100, clients: 2);
results.AddRange([bareInsert, storeSingle, storeBatch]);

// Before the acknowledgement scenario, whose thousands of queued events would otherwise sit ahead of these.
Console.WriteLine($"  webhook delivery to tier change ({settings.LagEvents} events)...");
var (lagAccount, _) = await RegisterAsync();
var (tierAck, tierLag, tierElapsed) = await new TierChangeLagScenario(clientA, dataSource, stripeApi, webhookSecret)
    .RunAsync(lagAccount, settings.LagEvents, CancellationToken.None);
var lagAckResult = ScenarioResult.From("baseline: ack of the tier-change events", tierAck, tierElapsed);
var lagResult = ScenarioResult.From("webhook delivery to tier change", tierLag, tierElapsed).Against(lagAckResult) with
{
    Note = "signed customer.subscription.* POST until accounts.tier changes (polled every 5 ms); one event at a time, "
        + "after a random 0-2 s pause, so the idle queue poll (up to maxPollingInterval, 1 s) is part of the lag",
};
results.AddRange([lagAckResult, lagResult]);

// The floor of an acknowledgement: the same row, durably inserted through Npgsql, without HTTP or verification.
var webhookPayload = SignedStripeEvent.Create("evt_bench_floor", "customer.created",
    new JsonObject { ["id"] = "cus_bench_floor", ["object"] = "customer" }, webhookSecret, DateTimeOffset.UtcNow).Payload;
var webhookInsert = await Measure("baseline: bare webhook row insert via Npgsql", async i =>
{
    await using var command = dataSource.CreateCommand("""
        INSERT INTO webhook_events (id, provider, event_id, event_type, payload, received_at, next_attempt_at)
        VALUES (@id, 'stripe', @event_id, 'customer.created', @payload, now(), now() + interval '1 hour')
        ON CONFLICT (provider, event_id) DO NOTHING
        RETURNING id
        """);
    command.Parameters.AddWithValue("id", Guid.CreateVersion7());
    command.Parameters.AddWithValue("event_id", $"evt_floor_{i}_{Guid.NewGuid():N}");
    command.Parameters.AddWithValue("payload", webhookPayload);
    return await command.ExecuteScalarAsync() is Guid;
});
results.Add(webhookInsert);
var webhookAck = (await Measure("webhook acknowledgement (Stripe)", i =>
{
    var now = DateTimeOffset.UtcNow;
    var customer = new JsonObject { ["id"] = $"cus_bench_{i}", ["object"] = "customer" };
    return Ok(clientA.SendAsync(SignedStripeEvent.Create($"evt_bench_{i}_{Guid.NewGuid():N}", "customer.created", customer, webhookSecret, now).ToRequest()));
})).Against(webhookInsert);
results.Add(webhookAck);
var webhookAckOne = (await Measure("webhook acknowledgement, one client", i =>
{
    var customer = new JsonObject { ["id"] = $"cus_bench1_{i}", ["object"] = "customer" };
    return Ok(clientA.SendAsync(SignedStripeEvent.Create($"evt_bench1_{i}_{Guid.NewGuid():N}", "customer.created", customer, webhookSecret,
        DateTimeOffset.UtcNow).ToRequest()));
}, clients: 1)).Against(webhookInsert);
results.Add(webhookAckOne);

var mixed = await Measure("mixed 70/25/5 across two hosts", i =>
{
    var client = i % 2 == 0 ? clientA : clientB;
    var roll = i % 20;
    return roll < 14 ? Ok(client.SendAsync(Authed(HttpMethod.Get, $"/api/v1/recall?q={Uri.EscapeDataString(queries[i % queries.Length])}&limit=5", measuredKey)))
        : roll < 19 ? Ok(client.SendAsync(Authed(HttpMethod.Post, "/api/v1/store", storeKey, new { content = seeder.Sentence(12) + $" mixed {i}" })))
        : Ok(client.SendAsync(Authed(HttpMethod.Get, i % 40 < 20 ? "/auth/api-keys" : "/auth/usage", measuredKey)));
});
results.Add(mixed);

var machine = new Dictionary<string, string>
{
    ["cores"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
    ["memory_gib"] = (GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024)).ToString("0", CultureInfo.InvariantCulture),
    ["cpu"] = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':')[1].Trim() ?? "" : "",
    ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
    ["dotnet"] = Environment.Version.ToString(),
};
var data = new Dictionary<string, long>
{
    ["measured_account_memories"] = settings.MeasuredMemories,
    ["memories_in_database"] = settings.MeasuredMemories + settings.OtherMemories,
    ["clients"] = settings.Clients,
    ["seconds_per_scenario"] = (long)settings.Duration.TotalSeconds,
    ["tier_change_events"] = settings.LagEvents,
};
var report = new BenchReport(settings.Mode, started, machine, data, results);
var outFile = await ReportFile.WriteAsync(repoRoot, settings.Mode, started, report.ToJson());
Console.WriteLine();
Console.WriteLine(report.ToTable());
foreach (var note in results.Where(r => r.Note is not null))
{
    Console.WriteLine($"{note.Name}: {note.Note}");
}
Console.WriteLine($"report: {outFile}");

await hostA.DisposeAsync();
await hostB.DisposeAsync();
return 0;
