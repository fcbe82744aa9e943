namespace StellarMemory.Core.Accounts;

/// <summary>A live browser session: whose it is and until when it lasts unless used again.</summary>
public sealed record AccountSession(Guid Id, Guid AccountId, DateTimeOffset ExpiresAt);
