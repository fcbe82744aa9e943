using System.Diagnostics;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

public sealed class HostCrashTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    [Fact]
    public async Task A_host_killed_while_processing_an_event_leaves_it_to_the_next_host()
    {
        var account = await billing.AccountAsync();
        var checkout = await billing.CheckoutAsync(account.ApiKey, "pro", "stripe");
        var sessionId = new Uri(checkout.GetProperty("checkout_url").GetString()!).Segments[^1];
        var queue = TestEnvironment.UniqueName("crash");
        var settings = billing.Settings();
        settings.Remove("urls");
        settings["WebhookEventsQueue"] = queue;
        settings["PortableHost:QueueLease"] = "00:00:03";

        using var doomed = await StartProcessAsync(billing.Database.ConnectionString, settings, ["GetHealth", "ReceiveStripeWebhook", "ProcessWebhookEvent"]);
        var hold = new TaskCompletionSource();
        billing.Stripe.HoldSubscriptionReads = hold;
        var target = billing.Stripe.WebhookTarget;
        try
        {
            billing.Stripe.WebhookTarget = doomed.BaseAddress;
            await billing.Stripe.PayAsync(sessionId);
            await billing.Stripe.SubscriptionReadStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
            doomed.Process.Kill(entireProcessTree: true); // mid-processing, nothing settled
            await doomed.Process.WaitForExitAsync();
        }
        finally
        {
            billing.Stripe.HoldSubscriptionReads = null;
            hold.TrySetResult();
            billing.Stripe.WebhookTarget = target;
        }
        Assert.Equal("free", await billing.Database.ScalarAsync<string>($"SELECT tier FROM accounts WHERE id = '{account.AccountId}'"));

        await using var successor = await TestHost.StartAsync(billing.Database.ConnectionString, ["ProcessWebhookEvent"], settings);

        await billing.WaitForTierAsync(account.ApiKey, "pro");
        await Eventually.GetAsync(() => billing.Database.ScalarAsync<long>(
                "SELECT count(*) FROM webhook_events WHERE processed_at IS NULL"),
            n => n == 0, TimeSpan.FromSeconds(30), "every event to be processed by the successor");
    }

    private sealed record HostProcess(Process Process, Uri BaseAddress) : IDisposable
    {
        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }
            Process.Dispose();
        }
    }

    // A real process, so that it can die without a graceful shutdown.
    private static async Task<HostProcess> StartProcessAsync(string connectionString, Dictionary<string, string?> settings, string[] functions)
    {
        var port = FreePorts.Take();
        var start = new ProcessStartInfo("dotnet", ["StellarMemory.Functions.dll", "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__")] = value;
        }
        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        start.Environment["AzureWebJobsStorage"] = TestEnvironment.QueueConnectionString;
        start.Environment["AzureFunctionsJobHost__logging__logLevel__default"] = "Warning";
        for (var i = 0; i < functions.Length; i++)
        {
            start.Environment[$"AzureFunctionsJobHost__functions__{i}"] = functions[i];
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var client = new HttpClient();
        await Eventually.GetAsync(async () =>
        {
            try
            {
                return (await client.GetAsync(new Uri(host.BaseAddress, "/api/v1/health"))).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, ok => ok || process.HasExited, TimeSpan.FromSeconds(60), "the host process to answer");
        Assert.False(process.HasExited, "the host process exited at startup");
        return host;
    }
}
