namespace StellarMemory.Core.Accounts;

/// <summary>The outcome of creating, revoking or rotating a key.</summary>
public abstract record ApiKeyChange
{
    public sealed record Issued(IssuedApiKey Key) : ApiKeyChange;
    public sealed record Revoked : ApiKeyChange;
    public sealed record NotFound : ApiKeyChange;
    public sealed record LimitReached(int Limit, string Tier) : ApiKeyChange;
    public sealed record LastActiveKey : ApiKeyChange;
}
