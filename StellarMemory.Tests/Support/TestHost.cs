using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StellarMemory.Core.Storage;
using StellarMemory.Functions.Health;
using StellarMemory.Functions.PortableHost;

namespace StellarMemory.Tests.Support;

/// <summary>A real portable host on a free loopback port, serving the product's functions and the
/// test functions named in <c>functions</c>, over real HTTP.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private static readonly string[] QueueSettings = ["UsageEventsQueue", "WebhookEventsQueue", "OutgoingMailQueue"];

    private readonly WebApplication _app;
    private readonly IReadOnlyList<string> _ownQueues;

    private TestHost(WebApplication app, Uri baseAddress, IReadOnlyList<string> ownQueues)
    {
        _app = app;
        _ownQueues = ownQueues;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;

    /// <param name="configure">Runs on the host's builder after the settings are added, so a test can add
    /// services, logging providers or telemetry exporters of its own.</param>
    /// <param name="waitForMigrations">Return once the host has run the migrations and takes work (it listens, and
    /// answers 503 "starting", before that); false returns as soon as it listens.</param>
    public static async Task<TestHost> StartAsync(string postgresConnectionString, IEnumerable<string> functions,
        IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null, bool waitForMigrations = true)
    {
        var values = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["ConnectionStrings:Postgres"] = postgresConnectionString,
            ["AzureWebJobsStorage"] = TestEnvironment.QueueConnectionString,
            ["AzureFunctionsJobHost:logging:logLevel:default"] = "Warning",
            // Each host gets queues of its own unless a test shares them between hosts on purpose.
            ["UsageEventsQueue"] = TestEnvironment.UniqueName("usage"),
            ["WebhookEventsQueue"] = TestEnvironment.UniqueName("webhooks"),
            ["OutgoingMailQueue"] = TestEnvironment.UniqueName("mail"),
            // Tests buy plans for accounts nobody verified; the tests of verification set it back.
            ["Accounts:CheckoutRequiresVerifiedEmail"] = "false",
            // Tests register many accounts from 127.0.0.1; the test of this limit sets it back.
            ["Registration:PerAddressPerHour"] = "100000",
            // Likewise for invalid keys; the test of that limit sets it back.
            ["Authentication:FailuresPerAddressPerMinute"] = "100000",
        };
        var index = 0;
        foreach (var function in functions)
        {
            values[$"AzureFunctionsJobHost:functions:{index++}"] = function;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var ownQueues = QueueSettings.Where(key => settings?.ContainsKey(key) != true).Select(key => values[key]!).ToList();

        var app = PortableHostApp.Create([], [typeof(GetHealth).Assembly, typeof(TestHost).Assembly],
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(values);
                configure?.Invoke(builder);
            });
        try
        {
            await app.StartAsync();
            if (waitForMigrations)
            {
                // A host whose provisioning fails stops itself, which ends the wait too.
                var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                await app.Services.GetRequiredService<StartupReadiness>().WaitAsync(stopping).WaitAsync(TimeSpan.FromMinutes(2));
            }
        }
        catch
        {
            await app.DisposeAsync(); // stop whatever hosted services did start
            throw;
        }
        return new TestHost(app, new Uri(app.Urls.First()), ownQueues);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await DeleteOwnQueuesAsync();
    }

    // Queues left behind pile up in the emulator across runs, and each of its operations gets slower with every queue
    // it holds (a receive from an empty queue took eight times as long with 1,661 of them). The queues a test named
    // itself are its own business. Best effort: a test that took the emulator down neither waits for it here nor fails
    // for it.
    private async Task DeleteOwnQueuesAsync()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var service = new QueueServiceClient(TestEnvironment.QueueConnectionString);
        try
        {
            foreach (var queue in _ownQueues.SelectMany(name => new[] { name, name + "-poison" }))
            {
                await service.GetQueueClient(queue).DeleteIfExistsAsync(bound.Token);
            }
        }
        catch (Exception)
        {
        }
    }
}
