using System.Buffers.Text;
using System.Text;
using StellarMemory.Core.Memory;

namespace StellarMemory.Tests.Memory;

/// <summary>The listing cursor: what we issue reads back exactly, and anything else is refused without an exception.</summary>
[Trait("Category", "Unit")]
public sealed class ListCursorTests
{
    private const string SomeId = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void Cursor_round_trips()
    {
        var when = new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero).AddTicks(1230);
        var id = Guid.NewGuid();

        Assert.True(ListCursor.TryDecode(ListCursor.Encode(when, id), out var decodedWhen, out var decodedId));
        Assert.Equal((when, id), (decodedWhen, decodedId));
    }

    [Fact]
    public void A_cursor_made_at_another_offset_reads_back_as_the_same_instant_in_utc()
    {
        var when = new DateTimeOffset(2026, 2, 3, 13, 5, 6, TimeSpan.FromHours(9));

        Assert.True(ListCursor.TryDecode(ListCursor.Encode(when, Guid.Empty), out var decoded, out _));
        Assert.Equal(when, decoded);
        Assert.Equal(TimeSpan.Zero, decoded.Offset);
    }

    [Theory]
    [InlineData(0L)]                   // DateTimeOffset.MinValue
    [InlineData(3155378975999999999L)] // DateTimeOffset.MaxValue
    public void The_first_and_last_representable_instants_are_accepted(long ticks)
    {
        Assert.True(ListCursor.TryDecode(Cursor($"{ticks}:{SomeId}"), out var createdAt, out var id));
        Assert.Equal((ticks, Guid.Parse(SomeId)), (createdAt.UtcTicks, id));
    }

    [Fact]
    public void A_cursor_of_one_hundred_characters_is_read()
    {
        var cursor = Cursor(new string('0', 41) + "7:" + SomeId);

        Assert.Equal(100, cursor.Length);
        Assert.True(ListCursor.TryDecode(cursor, out var createdAt, out _));
        Assert.Equal(7, createdAt.UtcTicks);
    }

    [Fact]
    public void A_longer_cursor_is_refused_before_it_is_decoded()
    {
        var cursor = Cursor(new string('0', 42) + "7:" + SomeId);

        Assert.Equal(102, cursor.Length);
        Assert.False(ListCursor.TryDecode(cursor, out _, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("MTIz")]                             // "123"
    [InlineData("OTk5OTk5OTk5OTk5OTk5OTk5OTk5Ojk5")] // "9999999999999999999999:99"
    public void Tampered_cursor_is_rejected(string? cursor) => Assert.False(ListCursor.TryDecode(cursor, out _, out _));

    [Theory]
    [InlineData("639000000000000000")]                        // no id
    [InlineData("639000000000000000:" + SomeId + ":1")]       // a part too many
    [InlineData(":" + SomeId)]                                // no time
    [InlineData("-1:" + SomeId)]
    [InlineData("+1:" + SomeId)]
    [InlineData(" 1:" + SomeId)]
    [InlineData("1.5:" + SomeId)]
    [InlineData("3155378975999999999:" + SomeId + "0")]      // id too long
    [InlineData("3155378975999999999:{01234567-89ab-cdef-0123-456789abcdef}")] // another id format
    [InlineData("3155378976000000000:" + SomeId)]              // one tick past DateTimeOffset.MaxValue
    [InlineData("639000000000000000:" + "0123456789abcdef0123456789abcdeg")]
    public void A_well_encoded_cursor_with_a_malformed_position_is_rejected(string text)
    {
        Assert.False(ListCursor.TryDecode(Cursor(text), out var createdAt, out var id));
        Assert.Equal((default(DateTimeOffset), Guid.Empty), (createdAt, id));
    }

    [Fact]
    public void An_absent_cursor_reads_as_the_first_page()
    {
        Assert.Null(ListCursor.Read(null, out var after));
        Assert.Null(after);
    }

    [Fact]
    public void An_issued_cursor_reads_as_the_position_after_its_memory()
    {
        var when = new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero);
        var id = Guid.NewGuid();

        Assert.Null(ListCursor.Read(ListCursor.Encode(when, id), out var after));
        Assert.Equal((when, id), after);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MTIz")]
    public void A_cursor_we_did_not_issue_is_a_field_error(string cursor)
    {
        Assert.Equal(new FieldError("cursor", "cursor is not one this API returned."), ListCursor.Read(cursor, out var after));
        Assert.Null(after);
    }

    private static string Cursor(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
}
