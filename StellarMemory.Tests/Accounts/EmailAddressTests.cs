using StellarMemory.Core.Accounts;

namespace StellarMemory.Tests.Accounts;

public sealed class EmailAddressTests
{
    [Fact]
    public void Address_is_trimmed_and_normalised_to_lower_case()
    {
        var address = EmailAddress.TryParse("  Ada.Lovelace@Example.COM ");

        Assert.Equal("Ada.Lovelace@Example.COM", address!.Value);
        Assert.Equal("ada.lovelace@example.com", address.Normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("no-at-sign")]
    [InlineData("two@@example.com")]
    [InlineData("Name <name@example.com>")]
    [InlineData("user@localhost")]
    [InlineData("user@example.")]
    public void Invalid_addresses_are_rejected(string? input) => Assert.Null(EmailAddress.TryParse(input));

    [Fact]
    public void Overlong_address_is_rejected() =>
        Assert.Null(EmailAddress.TryParse(new string('a', 250) + "@example.com"));
}
