using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using StellarMemory.Core.Storage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Storage;

/// <summary>Services started together with the app may come up after it: the provisioner waits for them, within
/// its patience, and then has the schema and the queues in place.</summary>
public sealed class StartupProvisionerTests : IAsyncLifetime
{
    private const string NotReady = "Database or queue service not ready";
    private readonly CapturedLogs _logs = new();
    private readonly string _usageQueue = TestEnvironment.UniqueName("usage");
    private readonly string _webhookQueue = TestEnvironment.UniqueName("webhooks");

    [Fact]
    public async Task A_database_that_comes_up_late_is_migrated_once_it_answers()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var postgres = TcpForwarder.ToPostgres();
        var provisioner = Provisioner(postgres.PostgresConnectionString(database.Name), TestEnvironment.QueueConnectionString, TimeProvider.System);

        var started = provisioner.ProvisionAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => _logs.Text.Contains(NotReady) || started.IsCompleted, TimeSpan.FromSeconds(15), "the first attempt to fail");
        Assert.False(started.IsCompleted, $"the provisioner gave up at once: {started.Exception}");
        postgres.Up();
        await started.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(MigrationScripts, await database.ScalarAsync<long>("SELECT count(*) FROM schemaversions"));
        await AssertQueuesExistAsync(TestEnvironment.QueueConnectionString);
    }

    [Fact]
    public async Task A_queue_service_that_comes_up_late_gets_the_queues_once_it_answers()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var queues = TcpForwarder.ToQueues();
        var provisioner = Provisioner(database.ConnectionString, queues.QueueConnectionString, TimeProvider.System);

        var started = provisioner.ProvisionAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => _logs.Text.Contains(NotReady) || started.IsCompleted, TimeSpan.FromSeconds(15), "the first attempt to fail");
        Assert.False(started.IsCompleted, $"the provisioner gave up at once: {started.Exception}");
        queues.Up();
        await started.WaitAsync(TimeSpan.FromSeconds(20));

        await AssertQueuesExistAsync(TestEnvironment.QueueConnectionString);
        Assert.Equal(MigrationScripts, await database.ScalarAsync<long>("SELECT count(*) FROM schemaversions"));
    }

    [Fact]
    public async Task Past_its_patience_the_provisioner_fails_loudly()
    {
        var time = new FakeTimeProvider();
        var provisioner = Provisioner($"Host=127.0.0.1;Port={FreePorts.Take()};Username=stellar;Password=stellar;Database=stellar;Timeout=3",
            TestEnvironment.QueueConnectionString, time);

        var started = provisioner.ProvisionAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => _logs.Text.Contains(NotReady), TimeSpan.FromSeconds(15), "the first attempt to fail");
        // Each step passes the patience; the wait between attempts may start just after a step, hence more than one.
        await Eventually.TrueAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(61));
            return started.IsCompleted;
        }, TimeSpan.FromSeconds(15), "the provisioner to give up");

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => started.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.False(await new QueueClient(TestEnvironment.QueueConnectionString, _usageQueue).ExistsAsync());
    }

    [Fact]
    public async Task A_refusal_that_waiting_will_not_cure_fails_at_once()
    {
        var wrongPassword = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString) { Password = "not-the-password" };
        var provisioner = Provisioner(wrongPassword.ConnectionString, TestEnvironment.QueueConnectionString, new FakeTimeProvider());

        var refused = await Assert.ThrowsAsync<PostgresException>(() => provisioner.ProvisionAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15)));

        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
        Assert.DoesNotContain(NotReady, _logs.Text);
    }

    [Fact]
    public async Task Stopping_the_app_while_it_waits_ends_the_wait()
    {
        var provisioner = Provisioner($"Host=127.0.0.1;Port={FreePorts.Take()};Username=stellar;Password=stellar;Database=stellar;Timeout=3",
            TestEnvironment.QueueConnectionString, new FakeTimeProvider());
        using var stop = new CancellationTokenSource();

        var started = provisioner.ProvisionAsync(stop.Token);
        await Eventually.TrueAsync(() => _logs.Text.Contains(NotReady), TimeSpan.FromSeconds(15), "the first attempt to fail");
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => started.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await new QueueClient(TestEnvironment.QueueConnectionString, _usageQueue).DeleteIfExistsAsync();
        await new QueueClient(TestEnvironment.QueueConnectionString, _webhookQueue).DeleteIfExistsAsync();
    }

    private static int MigrationScripts { get; } =
        typeof(DatabaseMigrator).Assembly.GetManifestResourceNames().Count(n => n.EndsWith(".sql", StringComparison.Ordinal));

    // The SDK's own retries (six tries over about 25 s) end as they do in production, in an AggregateException, only sooner.
    private static void FailFast(QueueClientOptions options)
    {
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
    }

    private StartupProvisioner Provisioner(string postgres, string queues, TimeProvider time)
    {
        var options = new StorageOptions(postgres, queues);
        var loggers = new LoggerFactory([_logs]);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [QueueNames.UsageEventsSetting] = _usageQueue,
            [QueueNames.WebhookEventsSetting] = _webhookQueue,
        }).Build();
        return new StartupProvisioner(new DatabaseMigrator(options, loggers.CreateLogger<DatabaseMigrator>()),
            new QueueClientFactory(options, FailFast), new QueueNames(configuration), new StartupReadiness(), new StoppedApplication(), time,
            loggers.CreateLogger<StartupProvisioner>());
    }

    private async Task AssertQueuesExistAsync(string connectionString)
    {
        Assert.True(await new QueueClient(connectionString, _usageQueue).ExistsAsync());
        Assert.True(await new QueueClient(connectionString, _webhookQueue).ExistsAsync());
    }

    private sealed class StoppedApplication : Microsoft.Extensions.Hosting.IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() => throw new InvalidOperationException("ProvisionAsync never stops the application itself.");
    }
}
