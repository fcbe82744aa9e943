namespace StellarMemory.Core.Embeddings;

/// <summary>A model behind an OpenAI-compatible embeddings API (OpenAI, Azure OpenAI's v1 API, or a compatible
/// server), asked for vectors of <see cref="Dimensions"/> floats so that they fit the memories table.</summary>
public sealed class HostedEmbeddingOptions
{
    /// <summary>The API root that <c>/embeddings</c> is appended to, e.g. <c>https://api.openai.com/v1</c> or
    /// <c>https://NAME.openai.azure.com/openai/v1</c>.</summary>
    public string? BaseUrl { get; init; }
    public string? ApiKey { get; init; }
    /// <summary><c>Authorization</c> (sent as a bearer token) or <c>api-key</c> (Azure OpenAI's own header).</summary>
    public string ApiKeyHeader { get; init; } = "Authorization";
    /// <summary>The model (Azure: the deployment) name sent in each request.</summary>
    public string? Model { get; init; }
    public int Dimensions { get; init; } = EmbedderCatalog.VectorDimensions;
    public bool Multilingual { get; init; } = true;
    /// <summary>Texts per request.</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>Per attempt; the whole call, retries included, may take (retries + 2) times this.</summary>
    public int TimeoutSeconds { get; init; } = 10;
    /// <summary>Retries of a failed or timed-out request (429, 5xx, network), with exponential backoff and jitter.</summary>
    public int Retries { get; init; } = 2;
    public int RetryDelayMilliseconds { get; init; } = 500;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUrl) && !string.IsNullOrWhiteSpace(Model);
}
