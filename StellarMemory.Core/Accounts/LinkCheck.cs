namespace StellarMemory.Core.Accounts;

/// <summary>The outcome of presenting a mailed link's token.</summary>
public abstract record LinkCheck
{
    /// <summary>The link was valid and is now used up.</summary>
    public sealed record Accepted(Guid AccountId) : LinkCheck;

    /// <summary>The link was valid once and has been used.</summary>
    public sealed record AlreadyUsed(Guid AccountId) : LinkCheck;

    /// <summary>Unknown, expired, or for another purpose: the same answer for all, so a token reveals nothing.</summary>
    public sealed record Refused : LinkCheck;
}
