using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;

namespace StellarMemory.Core.Accounts;

/// <summary>Turns a presented key into the key and account it belongs to. Verdicts, valid or not, are cached for
/// a few seconds, keyed by digest, so a revoked or rotated key stops working on every instance within that time,
/// and at once on the instance that changed it. The cache is bounded, and concurrent lookups of one key share a
/// single query.</summary>
public sealed class ApiKeyAuthenticator(NpgsqlDataSource dataSource, KeyUsageTracker usage)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(4);
    public const int CachedKeys = 100_000;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = CachedKeys });
    private readonly ConcurrentDictionary<string, Lazy<Task<Verdict>>> _lookups = new();

    /// <summary>The key id and account id of a valid, unrevoked key; null otherwise.</summary>
    public async Task<(Guid KeyId, Guid AccountId)?> AuthenticateAsync(string? presentedKey, CancellationToken cancellationToken) =>
        (await CheckAsync(presentedKey, cancellationToken)).Key;

    /// <summary>The key id and account id of a valid, unrevoked key, or why the key was refused.</summary>
    public async Task<ApiKeyCheck> CheckAsync(string? presentedKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(presentedKey))
        {
            return new ApiKeyCheck(null, KeyRejection.Missing);
        }
        if (!ApiKeyGenerator.LooksLikeKey(presentedKey))
        {
            return new ApiKeyCheck(null, KeyRejection.Malformed);
        }
        var hash = ApiKeyHasher.Hash(presentedKey);
        var cacheKey = CacheKey(hash);
        if (!_cache.TryGetValue(cacheKey, out Verdict? verdict))
        {
            verdict = await SingleLookUpAsync(cacheKey, hash, presentedKey, cancellationToken);
        }
        if (verdict is not { Valid: true })
        {
            return new ApiKeyCheck(null, verdict switch
            {
                { Revoked: true } => KeyRejection.Revoked,
                { Suspended: true } => KeyRejection.Suspended,
                _ => KeyRejection.Unknown,
            });
        }
        usage.Touch(verdict.KeyId);
        return new ApiKeyCheck((verdict.KeyId, verdict.AccountId), null);
    }

    /// <summary>Drops what this instance remembers about a key that was just revoked or rotated.</summary>
    public void Forget(byte[] keyHash) => _cache.Remove(CacheKey(keyHash));

    internal void Remember(string cacheKey, Verdict verdict) =>
        _cache.Set(cacheKey, verdict, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = CacheLifetime });

    private async Task<Verdict> SingleLookUpAsync(string cacheKey, byte[] hash, string presentedKey, CancellationToken cancellationToken)
    {
        // The first caller's lookup runs without its cancellation, so others waiting on it are not cut off with it.
        var lookup = _lookups.GetOrAdd(cacheKey, _ => new Lazy<Task<Verdict>>(async () =>
        {
            try
            {
                var verdict = await LookUpAsync(hash, presentedKey, CancellationToken.None);
                Remember(cacheKey, verdict);
                return verdict;
            }
            finally
            {
                _lookups.TryRemove(cacheKey, out Lazy<Task<Verdict>>? _);
            }
        }));
        return await lookup.Value.WaitAsync(cancellationToken);
    }

    private async Task<Verdict> LookUpAsync(byte[] hash, string presentedKey, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT k.id, k.account_id, k.key_hash, k.revoked_at IS NOT NULL, a.suspended_at IS NOT NULL
            FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE k.key_hash = @hash
            """);
        command.Parameters.AddWithValue("hash", hash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken) && ApiKeyHasher.Matches(reader.GetFieldValue<byte[]>(2), presentedKey))
        {
            // A suspended account's key is cached like a revoked one, so suspension reaches every instance within
            // the same lifetime.
            return reader.GetBoolean(3) ? new Verdict(false, Guid.Empty, Guid.Empty, Revoked: true)
                : reader.GetBoolean(4) ? new Verdict(false, Guid.Empty, reader.GetGuid(1), Suspended: true)
                : new Verdict(true, reader.GetGuid(0), reader.GetGuid(1));
        }
        return new Verdict(false, Guid.Empty, Guid.Empty);
    }

    // Internal so the micro-benchmarks can warm the cache without a database.
    internal static string CacheKey(byte[] hash) => "api-key:" + Convert.ToHexString(hash);

    internal sealed record Verdict(bool Valid, Guid KeyId, Guid AccountId, bool Revoked = false, bool Suspended = false);
}
