using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StellarMemory.Core.Embeddings;

/// <summary>Embeds through an OpenAI-compatible <c>POST {base}/embeddings</c>, in requests of at most
/// <see cref="HostedEmbeddingOptions.BatchSize"/> texts. Retries, timeouts and the circuit breaker come from the
/// HTTP client's resilience pipeline; what still fails surfaces as <see cref="EmbeddingUnavailableException"/>.</summary>
public sealed class HostedEmbedder(IHttpClientFactory clients, EmbeddingOptions options) : IEmbedder
{
    /// <summary>The named HTTP client (base address, key header, resilience) registered for this embedder.</summary>
    public const string HttpClientName = "hosted-embeddings";

    private readonly HostedEmbeddingOptions _options = options.Hosted.Dimensions == EmbedderCatalog.VectorDimensions
        ? options.Hosted
        : throw new InvalidOperationException($"Embeddings:Hosted:Dimensions must be {EmbedderCatalog.VectorDimensions}, the width of stored vectors.");

    public string Model => $"{_options.Model}@{_options.Dimensions}";

    public int Dimensions => _options.Dimensions;

    public bool Multilingual => _options.Multilingual;

    /// <summary>Points a client at the configured API with its key; the key header is never logged.</summary>
    public static void Configure(HttpClient http, HostedEmbeddingOptions options)
    {
        http.BaseAddress = new Uri(options.BaseUrl!.TrimEnd('/') + "/");
        if (string.IsNullOrEmpty(options.ApiKey))
        {
            return;
        }
        if (string.Equals(options.ApiKeyHeader, "Authorization", StringComparison.OrdinalIgnoreCase))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        }
        else
        {
            http.DefaultRequestHeaders.Add(options.ApiKeyHeader, options.ApiKey);
        }
    }

    public async Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken) =>
        (await EmbedDocumentsAsync([text], cancellationToken))[0];

    public async Task<IReadOnlyList<float[]>> EmbedDocumentsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var vectors = new List<float[]>(texts.Count);
        foreach (var chunk in texts.Chunk(Math.Max(1, _options.BatchSize)))
        {
            vectors.AddRange(await RequestAsync(chunk, cancellationToken));
        }
        return vectors;
    }

    private async Task<float[][]> RequestAsync(string[] texts, CancellationToken cancellationToken)
    {
        var http = clients.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync("embeddings",
                new EmbeddingRequest(texts, _options.Model!, _options.Dimensions, "float"), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Unreachable, timed out, or the circuit is open after repeated failures.
            throw new EmbeddingUnavailableException($"The embeddings API at {http.BaseAddress} could not be reached.", ex);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new EmbeddingUnavailableException($"The embeddings API answered {(int)response.StatusCode}.");
            }
            EmbeddingResponse? body;
            try
            {
                body = await response.Content.ReadFromJsonAsync<EmbeddingResponse>(cancellationToken);
            }
            catch (JsonException ex)
            {
                throw new EmbeddingUnavailableException("The embeddings API answered with a body that is not an embeddings list.", ex);
            }
            return Vectors(body, texts.Length);
        }
    }

    private float[][] Vectors(EmbeddingResponse? body, int expected)
    {
        var data = body?.Data;
        if (data is null || data.Count != expected || data.Any(d => d.Index < 0 || d.Index >= expected || d.Embedding?.Length != _options.Dimensions))
        {
            throw new EmbeddingUnavailableException($"The embeddings API did not return {expected} vectors of {_options.Dimensions} floats.");
        }
        var vectors = new float[expected][];
        foreach (var item in data)
        {
            vectors[item.Index] = Unit(item.Embedding!);
        }
        return vectors.Any(v => v is null)
            ? throw new EmbeddingUnavailableException("The embeddings API returned the same index twice.")
            : vectors;
    }

    // Servers other than OpenAI's may not normalise; cosine does not need it, but deduplication compares raw vectors.
    private static float[] Unit(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        if (norm == 0 || !float.IsFinite(norm))
        {
            throw new EmbeddingUnavailableException("The embeddings API returned a zero or non-finite vector.");
        }
        return v.Select(x => x / norm).ToArray();
    }

    private sealed record EmbeddingRequest(
        [property: JsonPropertyName("input")] string[] Input,
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("dimensions")] int Dimensions,
        [property: JsonPropertyName("encoding_format")] string EncodingFormat);

    private sealed record EmbeddingResponse([property: JsonPropertyName("data")] List<EmbeddingItem>? Data);

    private sealed record EmbeddingItem(
        [property: JsonPropertyName("index")] int Index,
        [property: JsonPropertyName("embedding")] float[]? Embedding);
}
