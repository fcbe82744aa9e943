using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace StellarMemory.Core.Memory;

/// <summary>The opaque keyset cursor of a listing: the creation time and id of the last memory shown.</summary>
public static class ListCursor
{
    public static string Encode(DateTimeOffset createdAt, Guid id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{createdAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{id:N}"));

    public static bool TryDecode(string? cursor, out DateTimeOffset createdAt, out Guid id)
    {
        (createdAt, id) = (default, default);
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 100)
        {
            return false;
        }
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && Guid.TryParseExact(parts[1], "N", out id))
            {
                createdAt = new DateTimeOffset(ticks, TimeSpan.Zero);
                return true;
            }
        }
        catch (FormatException)
        {
        }
        return false;
    }

    /// <summary>Reads an optional cursor argument: no position when it is absent, the field error when it is
    /// not one we issued.</summary>
    public static FieldError? Read(string? cursor, out (DateTimeOffset CreatedAt, Guid Id)? after)
    {
        after = null;
        if (cursor is null)
        {
            return null;
        }
        if (!TryDecode(cursor, out var createdAt, out var id))
        {
            return new FieldError("cursor", "cursor is not one this API returned.");
        }
        after = (createdAt, id);
        return null;
    }
}
