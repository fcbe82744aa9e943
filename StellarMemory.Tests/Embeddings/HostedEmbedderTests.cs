using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StellarMemory.Core.Embeddings;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Embeddings;

/// <summary>The hosted embedder against a local server that speaks the OpenAI embeddings wire format.</summary>
public sealed class HostedEmbedderTests : IAsyncLifetime
{
    private readonly FakeEmbeddingsApi _api = new();

    public Task InitializeAsync() => _api.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private EmbeddingOptions Options(int batchSize = 64) => new()
    {
        Model = EmbeddingOptions.HostedModelSetting,
        Hosted = new HostedEmbeddingOptions
        {
            BaseUrl = new Uri(_api.BaseAddress, "/v1").ToString(),
            ApiKey = FakeEmbeddingsApi.ApiKey,
            Model = FakeEmbeddingsApi.Model,
            BatchSize = batchSize,
            Retries = 1,
            RetryDelayMilliseconds = 20,
            TimeoutSeconds = 5,
        },
    };

    /// <summary>The catalogue as the app registers it, HTTP client and resilience included.</summary>
    private static EmbedderCatalog Catalog(EmbeddingOptions options) =>
        new ServiceCollection().AddLogging().AddEmbeddings(options).BuildServiceProvider().GetRequiredService<EmbedderCatalog>();

    [Fact]
    public async Task Documents_go_out_in_batches_with_the_key_model_and_dimensions_and_come_back_in_order()
    {
        var embedder = Catalog(Options(batchSize: 2)).Current;
        string[] texts = ["결제를 완료했다", "The invoice was paid", "請求書"];

        var vectors = await embedder.EmbedDocumentsAsync(texts, CancellationToken.None);

        Assert.Equal($"{FakeEmbeddingsApi.Model}@384", embedder.Model);
        Assert.True(embedder.Multilingual);
        Assert.Equal(2, _api.Requests.Count);
        Assert.All(_api.Requests, r =>
        {
            Assert.Equal(FakeEmbeddingsApi.Model, r["model"]!.GetValue<string>());
            Assert.Equal(384, r["dimensions"]!.GetValue<int>());
            Assert.Equal("float", r["encoding_format"]!.GetValue<string>());
        });
        Assert.Equal(texts, _api.Requests.SelectMany(r => r["input"]!.AsArray().Select(i => i!.GetValue<string>())));
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(FakeEmbeddingsApi.Vector(texts[i], 384), vectors[i], (a, b) => Math.Abs(a - b) < 1e-5);
        }
    }

    [Fact]
    public async Task A_transient_failure_is_retried()
    {
        var embedder = Catalog(Options()).Current;
        _api.FailNext = 1;

        var vector = await embedder.EmbedQueryAsync("hello", CancellationToken.None);

        Assert.Equal(384, vector.Length);
        Assert.Equal(2, _api.Requests.Count);
    }

    [Fact]
    public async Task An_outage_surfaces_as_embedding_unavailable()
    {
        var embedder = Catalog(Options()).Current;
        _api.FailNext = 100;

        await Assert.ThrowsAsync<EmbeddingUnavailableException>(() => embedder.EmbedQueryAsync("hello", CancellationToken.None));
    }

    [Fact]
    public async Task Vectors_of_the_wrong_width_are_refused()
    {
        var embedder = Catalog(Options()).Current;
        _api.WrongDimensions = 1536;

        await Assert.ThrowsAsync<EmbeddingUnavailableException>(() => embedder.EmbedQueryAsync("hello", CancellationToken.None));
    }

    [Fact]
    public void A_model_that_cannot_fit_the_vector_column_is_refused_at_startup()
    {
        var options = Options();
        var wide = new EmbeddingOptions { Model = options.Model, Hosted = new HostedEmbeddingOptions
        {
            BaseUrl = options.Hosted.BaseUrl, ApiKey = options.Hosted.ApiKey, Model = options.Hosted.Model, Dimensions = 1536,
        } };

        Assert.Throws<InvalidOperationException>(() => Catalog(wide));
    }

    [Fact]
    public async Task A_host_on_the_hosted_model_stores_and_recalls_with_it_and_answers_503_when_it_is_down()
    {
        await using var database = await TestDatabase.CreateAsync();
        var options = Options();
        await using var host = await TestHost.StartAsync(database.ConnectionString, Functions.Memory.MemoryApiFixture.Functions,
            new Dictionary<string, string?>
            {
                ["Embeddings:Model"] = options.Model,
                ["Embeddings:Hosted:BaseUrl"] = options.Hosted.BaseUrl,
                ["Embeddings:Hosted:ApiKey"] = options.Hosted.ApiKey,
                ["Embeddings:Hosted:Model"] = options.Hosted.Model,
                ["Embeddings:Hosted:Retries"] = "1",
                ["Embeddings:Hosted:RetryDelayMilliseconds"] = "20",
            });
        var account = await StellarApi.RegisterAsync(host.Client);
        foreach (var content in new[] { "사용자는 토스페이먼츠로 프로 요금제를 결제했다.", "The user walks the dog at six.", "팀 회의는 월요일 오전이다." })
        {
            Assert.Equal(HttpStatusCode.Created, (await StellarApi.SendAsync(host.Client, HttpMethod.Post, "/api/v1/store", account.ApiKey, new { content })).StatusCode);
        }

        var recall = await StellarApi.JsonAsync(await StellarApi.SendAsync(host.Client, HttpMethod.Get,
            $"/api/v1/recall?q={Uri.EscapeDataString("프로 요금제 결제는 어떻게 했어?")}&limit=1", account.ApiKey));
        _api.FailNext = 100;
        var down = await StellarApi.SendAsync(host.Client, HttpMethod.Post, "/api/v1/store", account.ApiKey, new { content = "not stored" });

        Assert.StartsWith("사용자는 토스페이먼츠로", recall.GetProperty("memories")[0].GetProperty("content").GetString());
        Assert.Equal(3, await database.ScalarAsync<long>($"SELECT count(*) FROM memories WHERE embedding_model = '{FakeEmbeddingsApi.Model}@384'"));
        await StellarApi.AssertProblemAsync(down, HttpStatusCode.ServiceUnavailable, "service-unavailable");
        Assert.NotNull(down.Headers.RetryAfter);
        Assert.Equal(3, await database.ScalarAsync<long>("SELECT count(*) FROM memories"));
    }
}
