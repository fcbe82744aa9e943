namespace StellarMemory.Tests.Support;

/// <summary>A database with every migration applied, shared by the tests of a class, which keep apart by the names
/// they use.</summary>
public sealed class MigratedDatabase : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync() => Database = await TestDatabase.CreateMigratedAsync();

    public async Task DisposeAsync() => await Database.DisposeAsync();
}
