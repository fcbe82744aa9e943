namespace StellarMemory.Core.Accounts;

/// <summary>A session just opened, with the token for its cookie, which exists only here and in the browser.</summary>
public sealed record OpenedSession(AccountSession Session, string Token);
