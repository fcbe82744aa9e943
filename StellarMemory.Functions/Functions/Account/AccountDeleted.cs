namespace StellarMemory.Functions.Functions.Account;

/// <summary>Response of POST /account/delete/confirm.</summary>
public sealed record AccountDeleted(bool Deleted);
