using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StellarMemory.Core.Telemetry;

/// <summary>Wraps the app's logger factory so that the loggers of the frameworks that write URLs (ASP.NET Core's
/// request and redirect logs, HttpClient's) pass every value and message through <see cref="QueryStringRedaction"/>,
/// at every level an operator may turn on. Our own categories are left as they are: they never log a URL's query.</summary>
public sealed class UrlRedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private static readonly string[] UrlWritingCategories = ["Microsoft.AspNetCore", "System.Net.Http", "Microsoft.Extensions.Http"];

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return UrlWritingCategories.Any(prefix => categoryName.StartsWith(prefix, StringComparison.Ordinal)) ? new Redacting(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class Redacting(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }
            var message = QueryStringRedaction.Redact(formatter(state, exception));
            var values = new RedactedState(message, state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Select(pair => pair.Key == "{OriginalFormat}" ? pair : pair.Value switch
                {
                    string text => KeyValuePair.Create<string, object?>(pair.Key, QueryStringRedaction.Redact(text)),
                    // HttpClient's handlers log the request's Uri as an object.
                    Uri uri => KeyValuePair.Create<string, object?>(pair.Key, QueryStringRedaction.Redact(uri.ToString())),
                    _ => pair,
                }).ToList()
                : []);
            inner.Log(logLevel, eventId, values, exception, (redacted, _) => redacted.Message);
        }
    }

    /// <summary>The redacted values, and the redacted message for sinks that write the state as text.</summary>
    private sealed class RedactedState(string message, List<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message => message;

        public int Count => values.Count;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => message;
    }
}

/// <summary>Registers <see cref="UrlRedactingLoggerFactory"/> in place of the logger factory already registered.</summary>
public static class UrlRedactingLoggerFactoryServiceCollectionExtensions
{
    public static IServiceCollection AddUrlRedactingLogs(this IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory) && !d.IsKeyedService);
        if (registered is null || services.Any(d => d.ServiceType == typeof(Wrapped)))
        {
            return services;
        }
        services.AddSingleton<Wrapped>();
        services.Remove(registered);
        if (registered.ImplementationType is { } type)
        {
            // Built by the container as before (its constructor choice, its disposal), only reached through the wrapper.
            services.AddSingleton(type);
        }
        services.AddSingleton<ILoggerFactory>(provider => new UrlRedactingLoggerFactory(registered switch
        {
            { ImplementationInstance: ILoggerFactory instance } => instance,
            { ImplementationFactory: { } factory } => (ILoggerFactory)factory(provider),
            { ImplementationType: { } implementation } => (ILoggerFactory)provider.GetRequiredService(implementation),
            _ => throw new InvalidOperationException("The registered logger factory cannot be wrapped."),
        }));
        return services;
    }

    private sealed class Wrapped;
}
