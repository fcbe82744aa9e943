using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StellarMemory.Core.Accounts;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Accounts;

/// <summary>Unknown keys under load: concurrent lookups of one key share a single query, and its verdict is cached.</summary>
public sealed class ApiKeyAuthenticatorTests
{
    /// <summary>Counts the commands Npgsql itself reports executing.</summary>
    private sealed class CommandCounter : ILoggerProvider, ILogger
    {
        public int Commands;
        public ILogger CreateLogger(string categoryName) => categoryName == "Npgsql.Command" ? this : NullLogger.Instance;
        public void Dispose() { }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (formatter(state, exception).StartsWith("Command execution completed", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref Commands);
            }
        }
    }

    [Fact]
    public async Task Fifty_concurrent_requests_with_one_unknown_key_make_one_query()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var counter = new CommandCounter();
        var builder = new NpgsqlDataSourceBuilder(database.ConnectionString);
        builder.UseLoggerFactory(LoggerFactory.Create(logging => logging.AddProvider(counter).SetMinimumLevel(LogLevel.Debug)));
        await using var dataSource = builder.Build();
        var authenticator = new ApiKeyAuthenticator(dataSource, new KeyUsageTracker(dataSource, TimeProvider.System));
        var unknown = ApiKeyGenerator.NewKey();

        var verdicts = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => authenticator.AuthenticateAsync(unknown, CancellationToken.None))));
        var later = await authenticator.AuthenticateAsync(unknown, CancellationToken.None);

        Assert.All(verdicts, v => Assert.Null(v));
        Assert.Null(later);
        Assert.Equal(1, counter.Commands);
    }
}
