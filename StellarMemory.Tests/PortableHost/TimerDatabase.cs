using Microsoft.Extensions.Logging.Abstractions;
using StellarMemory.Core.Storage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.PortableHost;

/// <summary>A migrated database shared by the tests of a class; each rig's timer has a name of its own.</summary>
public sealed class TimerDatabase : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        await new DatabaseMigrator(new StorageOptions(Database.ConnectionString, TestEnvironment.QueueConnectionString),
            NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();
}
