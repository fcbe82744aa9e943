using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;

namespace StellarMemory.Core.Accounts;

/// <summary>Counts failed authentications per client address on this instance and turns an address away, without
/// a database lookup, once it has failed <see cref="MaxFailures"/> times within a minute: a flood of made-up keys
/// costs a few memory operations per request, not a query. Per instance, and so a bound on each instance's
/// database work rather than a shared quota; a valid key never counts. The setting
/// <c>Authentication:FailuresPerAddressPerMinute</c> changes the number.</summary>
public sealed class FailedAuthenticationLimiter(IConfiguration configuration, TimeProvider time)
{
    public const int DefaultMaxFailures = 30;

    public int MaxFailures { get; } = Math.Max(1, configuration.GetValue("Authentication:FailuresPerAddressPerMinute", DefaultMaxFailures));
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Bounded: a flood from many addresses evicts old windows instead of growing without limit.
    private readonly MemoryCache _windows = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    private sealed class Failures(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;
        public int Count;
    }

    /// <summary>How long the address must wait, or null when it may try.</summary>
    public TimeSpan? RetryAfter(string address)
    {
        var now = time.GetUtcNow();
        return _windows.TryGetValue(address, out Failures? failures) && failures!.Count >= MaxFailures && now - failures.Start < Window
            ? failures.Start + Window - now
            : null;
    }

    public void RecordFailure(string address)
    {
        var now = time.GetUtcNow();
        if (!_windows.TryGetValue(address, out Failures? failures) || now - failures!.Start >= Window)
        {
            failures = new Failures(now);
            _windows.Set(address, failures, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = now + Window });
        }
        Interlocked.Increment(ref failures.Count);
    }
}
