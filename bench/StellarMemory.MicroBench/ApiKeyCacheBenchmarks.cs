using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using StellarMemory.Core.Accounts;

namespace StellarMemory.MicroBench;

/// <summary>A request whose key verdict is cached: the authenticator's whole hit path (shape check, digest,
/// cache key, lookup, last-used tracking) and the memory cache alone, against a dictionary lookup.</summary>
/// <remarks>The data source is never opened: a hit does not reach the database.</remarks>
[MemoryDiagnoser]
public class ApiKeyCacheBenchmarks
{
    private readonly NpgsqlDataSource _unusedDatabase = NpgsqlDataSource.Create("Host=127.0.0.1;Database=not_used");
    private readonly Dictionary<string, object> _dictionary = new();
    private MemoryCache _cache = null!;
    private ApiKeyAuthenticator _authenticator = null!;
    private string _key = "";
    private string _cacheKey = "";

    [GlobalSetup]
    public void Setup()
    {
        var now = DateTimeOffset.UtcNow;
        _cache = new MemoryCache(new MemoryCacheOptions { Clock = new FrozenCacheClock(now) });
        _authenticator = new ApiKeyAuthenticator(_unusedDatabase, new KeyUsageTracker(_unusedDatabase, new FixedTimeProvider(now)));
        _key = ApiKeyGenerator.NewKey();
        _cacheKey = ApiKeyAuthenticator.CacheKey(ApiKeyHasher.Hash(_key));
        var verdict = new ApiKeyAuthenticator.Verdict(true, Guid.NewGuid(), Guid.NewGuid());
        _cache.Set(_cacheKey, verdict, ApiKeyAuthenticator.CacheLifetime);
        _authenticator.Remember(_cacheKey, verdict);
        _dictionary[_cacheKey] = verdict;
        if (_authenticator.AuthenticateAsync(_key, CancellationToken.None).Result is null)
        {
            throw new InvalidOperationException("The warmed verdict was not found; the benchmark would measure a miss.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cache.Dispose();
        _unusedDatabase.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Dictionary lookup of the cache key")]
    public object? DictionaryLookup() => _dictionary.GetValueOrDefault(_cacheKey);

    [Benchmark(Description = "MemoryCache lookup of the cache key")]
    public object? MemoryCacheLookup() => _cache.Get(_cacheKey);

    [Benchmark(Description = "ApiKeyAuthenticator, cached verdict")]
    public Task<(Guid KeyId, Guid AccountId)?> AuthenticateCached() => _authenticator.AuthenticateAsync(_key, CancellationToken.None);
}
