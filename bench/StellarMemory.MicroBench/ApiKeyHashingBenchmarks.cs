using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using StellarMemory.Core.Accounts;

namespace StellarMemory.MicroBench;

/// <summary>What every authenticated request pays to turn a presented key into its stored digest,
/// against SHA-256 of the same bytes.</summary>
[MemoryDiagnoser]
public class ApiKeyHashingBenchmarks
{
    private string _key = "";
    private byte[] _keyBytes = [];
    private byte[] _storedHash = [];

    [GlobalSetup]
    public void Setup()
    {
        _key = ApiKeyGenerator.NewKey();
        _keyBytes = Encoding.UTF8.GetBytes(_key);
        _storedHash = ApiKeyHasher.Hash(_key);
    }

    [Benchmark(Baseline = true, Description = "SHA-256 of the key bytes")]
    public byte[] Sha256() => SHA256.HashData(_keyBytes);

    [Benchmark(Description = "ApiKeyHasher.Hash")]
    public byte[] Hash() => ApiKeyHasher.Hash(_key);

    [Benchmark(Description = "ApiKeyHasher.Matches")]
    public bool Matches() => ApiKeyHasher.Matches(_storedHash, _key);

    [Benchmark(Description = "ApiKeyGenerator.LooksLikeKey")]
    public bool LooksLikeKey() => ApiKeyGenerator.LooksLikeKey(_key);
}
