namespace StellarMemory.Core.Embeddings;

/// <summary>The embedding model could not be reached or answered nonsense; the request can be tried again later.</summary>
public sealed class EmbeddingUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
