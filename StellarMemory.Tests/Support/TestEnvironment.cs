using Npgsql;

namespace StellarMemory.Tests.Support;

/// <summary>Where the local services started by scripts/test.sh are; the same defaults as scripts/env.sh.</summary>
public static class TestEnvironment
{
    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
        ?? "Host=127.0.0.1;Port=54329;Username=stellar;Password=stellar;Database=stellar";

    public static string QueueConnectionString =>
        Environment.GetEnvironmentVariable("AzureWebJobsStorage")
        ?? "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ConnectionStringFor(string database, string? baseConnectionString = null) =>
        new NpgsqlConnectionStringBuilder(baseConnectionString ?? PostgresConnectionString) { Database = database }.ConnectionString;

    /// <summary>A short, unique, lowercase name usable as a database or queue name.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StellarMemory.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Could not find the repository root (StellarMemory.sln) above the test binaries.");
    }
}
