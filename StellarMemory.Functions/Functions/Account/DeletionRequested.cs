namespace StellarMemory.Functions.Functions.Account;

/// <summary>Response of DELETE /account.</summary>
public sealed record DeletionRequested(string Detail);
