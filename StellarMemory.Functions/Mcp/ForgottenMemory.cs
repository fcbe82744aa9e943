namespace StellarMemory.Functions.Mcp;

/// <summary>Result of the memory_forget tool (REST answers 204 with no body instead).</summary>
public sealed record ForgottenMemory(Guid Id, bool Forgotten);
