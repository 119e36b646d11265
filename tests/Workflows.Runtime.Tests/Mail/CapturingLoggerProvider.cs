using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Workflows.Runtime.Tests.Mail;

/// <summary>Keeps log entries with their template and structured values, to check logging uses message templates.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    internal sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string? Template, IReadOnlyDictionary<string, object?> Values, Exception? Exception);

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            var dictionary = values.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            owner.Entries.Enqueue(new LogEntry(category, logLevel, eventId, dictionary.GetValueOrDefault("{OriginalFormat}") as string, dictionary, exception));
        }
    }
}
