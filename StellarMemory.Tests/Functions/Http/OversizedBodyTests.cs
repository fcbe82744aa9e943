using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Http;

/// <summary>Bodies over a route's limit: a 413 payload-too-large problem, answered from the declared length or as
/// soon as a chunked body passes the limit, and nothing stored. A body of exactly the limit is read.</summary>
public sealed class OversizedBodyTests(OversizedBodyFixture api) : IClassFixture<OversizedBodyFixture>, IAsyncLifetime
{
    private const int StoreLimit = 64 * 1024, BatchLimit = 4 * 1024 * 1024, WebhookLimit = 512 * 1024;

    private StellarApi.Registered _account = null!;

    public async Task InitializeAsync() => _account = await api.AccountAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/api/v1/store", StoreLimit, "64 KB", false)]
    [InlineData("/api/v1/store", StoreLimit, "64 KB", true)]
    [InlineData("/api/v1/store/batch", BatchLimit, "4096 KB", false)]
    [InlineData("/api/v1/store/batch", BatchLimit, "4096 KB", true)]
    public async Task A_body_one_byte_over_the_limit_is_413_and_stores_nothing(string path, int limit, string stated, bool chunked)
    {
        var response = await SendAsync(path, MemoryBody(path, limit + 1), chunked);

        var problem = await StellarApi.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Contains(stated, problem.GetProperty("detail").GetString());
        Assert.Equal(0, await MemoriesAsync());
    }

    [Theory]
    [InlineData("/api/v1/store", StoreLimit, HttpStatusCode.Created)]
    [InlineData("/api/v1/store/batch", BatchLimit, HttpStatusCode.OK)]
    public async Task A_body_of_exactly_the_limit_is_read(string path, int limit, HttpStatusCode expected)
    {
        var before = await MemoriesAsync();

        var response = await SendAsync(path, MemoryBody(path, limit), chunked: true);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(before + 1, await MemoriesAsync());
    }

    [Fact]
    public async Task A_client_announcing_a_gigabyte_is_answered_413_at_once_without_sending_it()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, api.Host.BaseAddress.Port);
        await using var stream = client.GetStream();
        var clock = Stopwatch.StartNew();
        var head = $"POST /api/v1/store HTTP/1.1\r\nHost: {api.Host.BaseAddress.Authority}\r\nAuthorization: Bearer {_account.ApiKey}\r\n"
            + "Content-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n{\"content\": \"";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        var answer = new byte[4096];
        var read = await stream.ReadAsync(answer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("HTTP/1.1 413 ", Encoding.ASCII.GetString(answer, 0, read));
        Assert.Contains("application/problem+json", Encoding.ASCII.GetString(answer, 0, read));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"answered after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(0, await MemoriesAsync());
    }

    [Fact]
    public async Task A_client_sending_forty_megabytes_with_expect_100_continue_is_answered_413()
    {
        var request = StellarApi.Request(HttpMethod.Post, "/api/v1/store", _account.ApiKey);
        request.Content = new ByteArrayContent(new byte[40 * 1024 * 1024]);
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.ExpectContinue = true;

        var response = await api.Client.SendAsync(request);

        await StellarApi.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Equal(0, await MemoriesAsync());
    }

    [Theory]
    [InlineData("/webhook/stripe", false)]
    [InlineData("/webhook/stripe", true)]
    [InlineData("/webhook/lemonsqueezy", false)]
    [InlineData("/webhook/toss", true)]
    public async Task A_webhook_over_its_limit_is_413_and_stores_nothing(string path, bool chunked)
    {
        var body = "{\"id\": \"evt_big\", \"type\": \"invoice.paid\", \"padding\": \"" + new string('x', WebhookLimit) + "\"}";

        var response = await SendAsync(path, body, chunked);

        var problem = await StellarApi.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Contains("512 KB", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await api.Database.ScalarAsync<long>("SELECT count(*) FROM webhook_events"));
    }

    // A valid body of exactly `size` bytes (UTF-8), padded with JSON whitespace.
    private static string MemoryBody(string path, int size)
    {
        var json = path.EndsWith("/batch", StringComparison.Ordinal)
            ? """{"memories": [{"content": "A memory sent in a body at its size limit."}]"""
            : """{"content": "A memory sent in a body at its size limit." """;
        return json + new string(' ', size - json.Length - 1) + "}";
    }

    private async Task<HttpResponseMessage> SendAsync(string path, string body, bool chunked)
    {
        var request = StellarApi.Request(HttpMethod.Post, path, path.StartsWith("/webhook/", StringComparison.Ordinal) ? null : _account.ApiKey);
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        request.Headers.TransferEncodingChunked = chunked;
        return await api.Client.SendAsync(request);
    }

    private Task<long> MemoriesAsync() =>
        api.Database.ScalarAsync<long>($"SELECT count(*) FROM memories WHERE account_id = '{_account.AccountId}'");
}
