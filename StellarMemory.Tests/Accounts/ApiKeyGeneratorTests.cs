using StellarMemory.Core.Accounts;

namespace StellarMemory.Tests.Accounts;

public sealed class ApiKeyGeneratorTests
{
    [Fact]
    public void Keys_have_the_scheme_and_over_256_bits_of_base62()
    {
        var key = ApiKeyGenerator.NewKey();

        Assert.StartsWith("sk-stellar-", key);
        var secret = key["sk-stellar-".Length..];
        Assert.True(secret.Length * Math.Log2(62) >= 256);
        Assert.All(secret, c => Assert.True(char.IsAsciiLetterOrDigit(c)));
        Assert.True(ApiKeyGenerator.LooksLikeKey(key));
    }

    [Fact]
    public void Keys_do_not_repeat() =>
        Assert.Equal(1000, Enumerable.Range(0, 1000).Select(_ => ApiKeyGenerator.NewKey()).Distinct().Count());

    [Fact]
    public void Display_prefix_reveals_only_six_secret_characters()
    {
        var key = ApiKeyGenerator.NewKey();

        Assert.Equal(key[..17], ApiKeyGenerator.DisplayPrefix(key));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sk-stellar-short")]
    [InlineData("sk-other-0123456789012345678901234567890123456789012345")]
    [InlineData("sk-stellar-01234567890123456789012345678901234567890!23")]
    public void Malformed_keys_are_recognised_without_a_lookup(string? candidate) =>
        Assert.False(ApiKeyGenerator.LooksLikeKey(candidate));

    [Fact]
    public void Hash_matches_only_the_same_key()
    {
        var key = ApiKeyGenerator.NewKey();
        var hash = ApiKeyHasher.Hash(key);

        Assert.True(ApiKeyHasher.Matches(hash, key));
        Assert.False(ApiKeyHasher.Matches(hash, ApiKeyGenerator.NewKey()));
        Assert.Equal(32, hash.Length);
    }
}
