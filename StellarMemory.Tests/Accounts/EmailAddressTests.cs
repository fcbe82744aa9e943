using StellarMemory.Core.Accounts;

namespace StellarMemory.Tests.Accounts;

[Trait("Category", "Unit")]
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
    [InlineData("ada@example.com")]
    [InlineData("a@b.c")]
    [InlineData("first.last+tag@mail.example.co.uk")]
    public void Plain_addresses_are_accepted_as_written(string input) =>
        Assert.Equal(new EmailAddress(input, input), EmailAddress.TryParse(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("no-at-sign")]
    [InlineData("two@@example.com")]
    [InlineData("Name <name@example.com>")]      // parses, but to a different address than was typed
    [InlineData("user@example.com (comment)")]
    [InlineData("user@localhost")]               // no dot in the host
    [InlineData("user@example.")]                // host ends with a dot
    [InlineData("user@example.com.")]
    [InlineData("user@.example.com")]            // host starts with a dot
    public void Invalid_addresses_are_rejected(string? input) => Assert.Null(EmailAddress.TryParse(input));

    [Fact]
    public void An_address_of_exactly_the_maximum_length_is_accepted()
    {
        var longest = Address(EmailAddress.MaxLength);

        Assert.Equal(254, longest.Length);
        Assert.Equal(longest, EmailAddress.TryParse(longest)?.Value);
    }

    [Fact]
    public void An_address_one_character_over_the_maximum_is_rejected() =>
        Assert.Null(EmailAddress.TryParse(Address(EmailAddress.MaxLength + 1)));

    [Fact]
    public void Surrounding_spaces_do_not_count_towards_the_maximum() =>
        Assert.NotNull(EmailAddress.TryParse("  " + Address(EmailAddress.MaxLength) + "  "));

    // A 64-character local part and a host padded to make the whole address `length` characters long.
    private static string Address(int length) =>
        new string('a', 64) + "@" + new string('b', length - 64 - 1 - ".com".Length) + ".com";
}
