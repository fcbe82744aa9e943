using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Health;

public sealed class GetHealthTests
{
    [Fact]
    public async Task Healthy_services_answer_200_with_each_dependency()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await TestHost.StartAsync(database.ConnectionString, ["GetHealth"]);

        var response = await host.Client.GetAsync("/api/v1/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("up", body.GetProperty("database").GetString());
        Assert.Equal("up", body.GetProperty("queues").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Stopped_database_is_503_naming_the_database_and_recovers_after_restart()
    {
        await using var cluster = await LocalPostgresCluster.StartAsync();
        await using var host = await TestHost.StartAsync(cluster.ConnectionString, ["GetHealth"]);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/api/v1/health")).StatusCode);

        await cluster.StopServerAsync();
        var down = await host.Client.GetAsync("/api/v1/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        var body = await down.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("down", body.GetProperty("database").GetString());
        Assert.Equal("up", body.GetProperty("queues").GetString());

        await cluster.StartServerAsync();
        await Eventually.GetAsync(async () => (await host.Client.GetAsync("/api/v1/health")).StatusCode,
            status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(15), "health to recover");
    }
}
