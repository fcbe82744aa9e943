using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Auth;

/// <summary>How keys appear in responses: never with their secret, except the one time it is issued.</summary>
public static class ApiKeyResponses
{
    public static ApiKeyView Summary(ApiKeySummary key) => new(key.Id, key.Name, key.Prefix, key.CreatedAt, key.LastUsedAt);

    public static IssuedApiKeyResponse Issued(IssuedApiKey issued) => new(issued.Secret, Summary(issued.Key));
}
