using System.Text.RegularExpressions;

namespace StellarMemory.Core.Telemetry;

/// <summary>Blanks the values of URL query parameters in text, keeping their names. An emailed sign-in link carries its
/// token in the query, and an OAuth redirect carries its code there (the protocols put them in the URL), so any URL a
/// framework logs may hold a credential; the path and the parameter names are enough to follow a request.</summary>
public static partial class QueryStringRedaction
{
    public const string Mask = "***";

    public static string Redact(string text) =>
        text.Contains('?') || text.Contains('&') ? QueryValue().Replace(text, Mask) : text;

    // A value: what follows "name=" after "?" or "&", up to the next parameter, fragment, space or quote.
    [GeneratedRegex("""(?<=[?&][^=&#?\s"'<>]+=)[^&#\s"'<>]+""")]
    private static partial Regex QueryValue();
}
