using Microsoft.Extensions.Logging.Abstractions;
using StellarMemory.Core.Storage;

namespace StellarMemory.Tests.Support;

/// <summary>A database with every migration applied, shared by the tests of a class, which keep apart by the names
/// they use.</summary>
public sealed class MigratedDatabase : IAsyncLifetime
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
