using System.Text;
using Microsoft.Extensions.Logging;

namespace StellarMemory.Tests.Support;

/// <summary>A logging provider that keeps every entry of every category, at every level, as text: the
/// formatted message, each structured value, every scope and the full exception.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _text = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public int Count { get; private set; }

    public string Text
    {
        get
        {
            lock (_lock)
            {
                return _text.ToString();
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private void Append(string category, LogLevel level, string entry)
    {
        lock (_lock)
        {
            _text.Append(level).Append(' ').Append(category).Append(": ").AppendLine(entry);
            Count++;
        }
    }

    private static void AppendValues(StringBuilder entry, object? state)
    {
        entry.Append(" | ").Append(state);
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                entry.Append(' ').Append(key).Append('=').Append(value);
            }
        }
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            var entry = new StringBuilder(formatter(state, exception));
            AppendValues(entry, state);
            owner._scopes.ForEachScope((scope, text) => AppendValues(text, scope), entry);
            if (exception is not null)
            {
                entry.Append(" | ").Append(exception);
            }
            owner.Append(category, logLevel, entry.ToString());
        }
    }
}
