using Microsoft.Extensions.Configuration;

namespace StellarMemory.Functions.PortableHost;

/// <summary>host.json <c>extensions.queues</c>, with the real host's defaults where a value is absent.</summary>
public sealed record QueueHostOptions(
    int BatchSize,
    int NewBatchThreshold,
    TimeSpan VisibilityTimeout,
    TimeSpan MaxPollingInterval,
    int MaxDequeueCount,
    bool Base64Encoding)
{
    /// <summary>How long a received message stays hidden while a function works on it; renewed as it runs.
    /// Short, so a message held by a host that died reappears quickly.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);

    public static QueueHostOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(HostJsonConfiguration.Prefix + ":extensions:queues");
        var batchSize = Math.Clamp(section.GetValue("batchSize", 16), 1, 32);
        return new QueueHostOptions(
            batchSize,
            Math.Max(0, section.GetValue("newBatchThreshold", batchSize / 2)),
            section.GetValue("visibilityTimeout", TimeSpan.Zero),
            section.GetValue("maxPollingInterval", TimeSpan.FromMinutes(1)),
            Math.Max(1, section.GetValue("maxDequeueCount", 5)),
            !string.Equals(section["messageEncoding"], "none", StringComparison.OrdinalIgnoreCase))
        {
            Lease = configuration.GetValue("PortableHost:QueueLease", TimeSpan.FromSeconds(30)),
        };
    }
}
