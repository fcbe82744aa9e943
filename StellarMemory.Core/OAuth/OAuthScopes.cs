namespace StellarMemory.Core.OAuth;

/// <summary>The scopes a connected application may hold: reading memories (recall, list, get, stats, usage) and
/// changing them (store, forget).</summary>
public static class OAuthScopes
{
    public const string Read = "memory:read";
    public const string Write = "memory:write";

    public static IReadOnlyList<string> All { get; } = [Read, Write];

    /// <summary>The scopes of a space-separated <c>scope</c> parameter (all of them when it is absent or empty), or
    /// null when it names one we do not know.</summary>
    public static IReadOnlyList<string>? Parse(string? scope)
    {
        var asked = (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (asked.Length == 0)
        {
            return All;
        }
        return asked.All(All.Contains) ? All.Where(asked.Contains).ToList() : null;
    }

    public static string Join(IEnumerable<string> scopes) => string.Join(' ', scopes);
}
