namespace StellarMemory.Core.Memory;

/// <summary>Why a request field is invalid; answered as a 400 naming the field.</summary>
public sealed record FieldError(string Field, string Message);
