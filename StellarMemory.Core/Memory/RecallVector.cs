namespace StellarMemory.Core.Memory;

/// <summary>A query vector of recall and the embedding model it belongs to: it is compared only with memories that
/// model embedded.</summary>
public sealed record RecallVector(string Model, float[] Vector);
