using System.Globalization;
using StellarMemory.Core.Memory;

namespace StellarMemory.Functions.Http;

/// <summary>Reads typed query-string values; a present but malformed value is an error naming the parameter.</summary>
public static class QueryValues
{
    public static string? String(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    public static FieldError? Int(HttpRequest request, string name, out int? value)
    {
        value = null;
        var text = String(request, name);
        if (text is null)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return null;
        }
        return new FieldError(name, $"{name} must be an integer.");
    }

    public static FieldError? Double(HttpRequest request, string name, out double? value)
    {
        value = null;
        var text = String(request, name);
        if (text is null)
        {
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed))
        {
            value = parsed;
            return null;
        }
        return new FieldError(name, $"{name} must be a number.");
    }

    /// <summary>An instant as ISO-8601, or Unix time in seconds (or milliseconds, when that large).</summary>
    public static FieldError? Instant(HttpRequest request, string name, out DateTimeOffset? value)
    {
        value = null;
        var text = String(request, name);
        if (text is null)
        {
            return null;
        }
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
        {
            const long MillisecondsThreshold = 100_000_000_000;
            try
            {
                value = Math.Abs(epoch) >= MillisecondsThreshold
                    ? DateTimeOffset.FromUnixTimeMilliseconds(epoch)
                    : DateTimeOffset.FromUnixTimeSeconds(epoch);
                return null;
            }
            catch (ArgumentOutOfRangeException)
            {
                return new FieldError(name, $"{name} is out of range.");
            }
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed.ToUniversalTime();
            return null;
        }
        return new FieldError(name, $"{name} must be an ISO-8601 time or Unix seconds.");
    }
}
