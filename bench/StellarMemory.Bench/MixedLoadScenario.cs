namespace StellarMemory.Bench;

/// <summary>The traffic of a busy deployment across both hosts: 70 % recall, 25 % store, 5 % account reads.</summary>
public sealed class MixedLoadScenario : IBenchScenario
{
    public async Task RunAsync(BenchRun run, List<ScenarioResult> results)
    {
        var queries = BenchRun.Queries;
        results.Add(await run.MeasureAsync("mixed 70/25/5 across two hosts", i =>
        {
            var client = i % 2 == 0 ? run.ClientA : run.ClientB;
            var roll = i % 20;
            return roll < 14 ? BenchRun.Ok(client.SendAsync(BenchRun.Authed(HttpMethod.Get,
                    $"/api/v1/recall?q={Uri.EscapeDataString(queries[i % queries.Count])}&limit=5", run.Measured.Key)))
                : roll < 19 ? BenchRun.Ok(client.SendAsync(BenchRun.Authed(HttpMethod.Post, "/api/v1/store", run.Storing.Key,
                    new { content = run.Seeder.Sentence(12) + $" mixed {i}" })))
                : BenchRun.Ok(client.SendAsync(BenchRun.Authed(HttpMethod.Get, i % 40 < 20 ? "/auth/api-keys" : "/auth/usage", run.Measured.Key)));
        }, throughHost: true));
    }
}
