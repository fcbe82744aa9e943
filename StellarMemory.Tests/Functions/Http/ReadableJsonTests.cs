using System.Net;
using StellarMemory.Tests.Functions.Memory;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Http;

public sealed class ReadableJsonTests(MemoryApiFixture api) : IClassFixture<MemoryApiFixture>
{
    [Fact]
    public async Task Bodies_carry_apostrophes_accents_and_korean_as_written()
    {
        var account = await api.AccountAsync();
        const string content = "Zoë's dog is called 초코 & sleeps <under> the desk.";

        var stored = await StellarApi.SendAsync(api.Client, HttpMethod.Post, "/api/v1/store", account.ApiKey, new { content });
        var id = (await StellarApi.JsonAsync(stored)).GetProperty("id").GetString();
        var read = await StellarApi.SendAsync(api.Client, HttpMethod.Get, $"/api/v1/memories/{id}", account.ApiKey);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Contains(content, await read.Content.ReadAsStringAsync());
    }
}
