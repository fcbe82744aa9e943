namespace StellarMemory.Bench;

/// <summary>What authentication, the rate limit and metering add to a request: an authenticated read against the
/// anonymous plan list.</summary>
public sealed class AuthOverheadScenario : IBenchScenario
{
    public async Task RunAsync(BenchRun run, List<ScenarioResult> results)
    {
        var anonymous = await run.MeasureAsync("baseline: anonymous GET /billing/plans", _ => BenchRun.Ok(run.ClientA.GetAsync("/billing/plans")), throughHost: true);
        var authed = (await run.MeasureAsync("auth+ratelimit+metering GET /auth/me",
            _ => BenchRun.Ok(run.ClientA.SendAsync(BenchRun.Authed(HttpMethod.Get, "/auth/me", run.Measured.Key))), throughHost: true)).Against(anonymous);
        authed = authed with { Note = $"p99 overhead {authed.P99 - anonymous.P99:0.00} ms, p50 overhead {authed.P50 - anonymous.P50:0.00} ms" };
        results.AddRange([anonymous, authed]);
    }
}
