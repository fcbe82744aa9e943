using StellarMemory.Core.Accounts;

namespace StellarMemory.Tests.Accounts;

[Trait("Category", "Unit")]
public sealed class ApiKeyGeneratorTests
{
    // A well-formed key whose secret uses every kind of base62 character.
    private const string WellFormed = "sk-stellar-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdwxyz";

    [Fact]
    public void Keys_have_the_scheme_and_over_256_bits_of_base62()
    {
        var key = ApiKeyGenerator.NewKey();

        Assert.StartsWith("sk-stellar-", key);
        var secret = key["sk-stellar-".Length..];
        Assert.Equal(44, secret.Length);
        Assert.True(secret.Length * Math.Log2(62) >= 256);
        Assert.All(secret, c => Assert.True(char.IsAsciiLetterOrDigit(c)));
        Assert.True(ApiKeyGenerator.LooksLikeKey(key));
    }

    [Fact]
    public void Keys_do_not_repeat() =>
        Assert.Equal(1000, Enumerable.Range(0, 1000).Select(_ => ApiKeyGenerator.NewKey()).Distinct().Count());

    [Fact]
    public void Display_prefix_reveals_only_six_secret_characters() =>
        Assert.Equal("sk-stellar-012345", ApiKeyGenerator.DisplayPrefix(WellFormed));

    [Fact]
    public void A_well_formed_key_is_recognised()
    {
        Assert.Equal(55, WellFormed.Length);
        Assert.True(ApiKeyGenerator.LooksLikeKey(WellFormed));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sk-stellar-short")]
    [InlineData("sk-stellar-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdwxyz0")]  // one character too many
    [InlineData("sk-stellar-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdwxy")]    // one too few
    [InlineData("sk-other-0123456789012345678901234567890123456789012345")]     // right length, wrong scheme
    [InlineData("SK-STELLAR-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdwxyz")]  // the scheme is case-sensitive
    public void Keys_of_the_wrong_length_or_scheme_are_recognised_without_a_lookup(string? candidate) =>
        Assert.False(ApiKeyGenerator.LooksLikeKey(candidate));

    [Theory]
    [InlineData(0)]   // the first secret character
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(43)]  // the last one
    public void A_key_with_a_character_outside_base62_anywhere_in_its_secret_is_malformed(int position)
    {
        foreach (var invalid in "!-_+/= é")
        {
            var secret = WellFormed["sk-stellar-".Length..].ToCharArray();
            secret[position] = invalid;

            Assert.False(ApiKeyGenerator.LooksLikeKey("sk-stellar-" + new string(secret)));
        }
    }

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
