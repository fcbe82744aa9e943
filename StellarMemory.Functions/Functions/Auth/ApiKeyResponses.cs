using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Functions.Auth;

/// <summary>How keys appear in responses: never with their secret, except the one time it is issued.</summary>
public static class ApiKeyResponses
{
    public static object Summary(ApiKeySummary key) => new
    {
        id = key.Id,
        name = key.Name,
        prefix = key.Prefix,
        created_at = key.CreatedAt,
        last_used_at = key.LastUsedAt,
    };

    public static object Issued(IssuedApiKey issued) => new { api_key = issued.Secret, key = Summary(issued.Key) };
}
