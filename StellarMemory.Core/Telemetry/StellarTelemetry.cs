using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace StellarMemory.Core.Telemetry;

/// <summary>The app's own spans and metrics: one ActivitySource and one Meter, both named <see cref="Name"/>,
/// and every instrument the app records, so an operator finds them all in one place.</summary>
public static class StellarTelemetry
{
    public const string Name = "StellarMemory";

    public static readonly ActivitySource Source = new(Name, typeof(StellarTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(Name, typeof(StellarTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Queue messages a host finished with, by function and outcome (completed, failed, poisoned).</summary>
    public static readonly Counter<long> QueueMessages = Meter.CreateCounter<long>(
        "stellar.queue.messages", "{message}", "Queue messages processed, by function and outcome.");

    public static readonly Histogram<double> QueueDuration = Meter.CreateHistogram<double>(
        "stellar.queue.duration", "s", "Time a queue function took on one message.");

    /// <summary>Timer occurrences run, by function and outcome (completed, failed).</summary>
    public static readonly Counter<long> TimerRuns = Meter.CreateCounter<long>(
        "stellar.timer.runs", "{run}", "Timer function runs, by function and outcome.");

    public static readonly Histogram<double> TimerDuration = Meter.CreateHistogram<double>(
        "stellar.timer.duration", "s", "Time a timer function run took.");

    /// <summary>Seconds from a webhook's receipt to its event being applied to the subscription and tier.</summary>
    public static readonly Histogram<double> WebhookLag = Meter.CreateHistogram<double>(
        "stellar.webhook.lag", "s", "Time from a webhook's receipt to its change being applied, by provider.");

    /// <summary>Requests refused by a rate limit, by scope (account, register) and tier.</summary>
    public static readonly Counter<long> RateLimitRejections = Meter.CreateCounter<long>(
        "stellar.rate_limit.rejections", "{request}", "Requests refused by a rate limit.");
}
