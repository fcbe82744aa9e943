using StellarMemory.Core.Memory;

namespace StellarMemory.Tests.Memory;

public sealed class ListCursorTests
{
    [Fact]
    public void Cursor_round_trips()
    {
        var when = new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero).AddTicks(1230);
        var id = Guid.NewGuid();

        Assert.True(ListCursor.TryDecode(ListCursor.Encode(when, id), out var decodedWhen, out var decodedId));
        Assert.Equal((when, id), (decodedWhen, decodedId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("MTIz")]
    [InlineData("OTk5OTk5OTk5OTk5OTk5OTk5OTk5Ojk5")]
    public void Tampered_cursor_is_rejected(string cursor) => Assert.False(ListCursor.TryDecode(cursor, out _, out _));
}
