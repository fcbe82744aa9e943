using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using StellarMemory.Functions.Functions.Admin;
using StellarMemory.Tests.Operations;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Admin;

/// <summary>Every route OpenAPI lists under the Admin tag, which must be every admin function: no credential or a
/// wrong token gets 401, an account's API key gets 403 however it is sent, and with no admin token configured the
/// routes are off (404).</summary>
public sealed class AdminAccessTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_admin_route_refuses_api_keys_with_403_and_missing_or_wrong_tokens_with_401()
    {
        var logs = new CapturedLogs();
        await using var admin = await AdminHost.StartAsync(Now, configure: builder =>
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
        });
        var account = await StellarApi.RegisterAsync(admin.Client);
        var operations = await AdminOperationsAsync(admin.Client);
        Assert.Equal(AdminFunctions().Order(), operations.Select(o => o.Function).Distinct().Order());

        foreach (var (method, path, _) in operations)
        {
            var described = $"{method} {path}";
            await AssertProblem(await Send(admin.Client, method, path, null), HttpStatusCode.Unauthorized, "unauthorized", described);
            await AssertProblem(await Send(admin.Client, method, path, r => r.Headers.Authorization = new("Bearer", "not-the-admin-token")),
                HttpStatusCode.Unauthorized, "unauthorized", described);
            await AssertProblem(await Send(admin.Client, method, path, r => r.Headers.Authorization = new("Bearer", account.ApiKey)),
                HttpStatusCode.Forbidden, "admin-only", described);
            await AssertProblem(await Send(admin.Client, method, path, r => r.Headers.Add("X-API-Key", account.ApiKey)),
                HttpStatusCode.Forbidden, "admin-only", described);
            // The admin token alongside an API key is still refused: admin routes take the admin credential alone.
            await AssertProblem(await Send(admin.Client, method, path, r =>
            {
                r.Headers.Authorization = new("Bearer", admin.Token);
                r.Headers.Add("X-API-Key", account.ApiKey);
            }), HttpStatusCode.Forbidden, "admin-only", described);
        }
        // The admin token works on the same routes, and nothing it passed through writes it to a log.
        Assert.Equal(HttpStatusCode.OK, (await StellarApi.SendAsync(admin.Client, HttpMethod.Get, "/admin/health/billing", admin.Token)).StatusCode);
        Assert.True(logs.Count > 0);
        Assert.DoesNotContain(admin.Token, logs.Text);
    }

    [Fact]
    public async Task Without_an_admin_token_configured_every_admin_route_is_off()
    {
        List<(string Method, string Path, string Function)> operations;
        await using (var enabled = await AdminHost.StartAsync(Now))
        {
            operations = await AdminOperationsAsync(enabled.Client);
        }
        await using var admin = await AdminHost.StartAsync(Now, token: "");
        Assert.NotEmpty(operations);
        foreach (var (method, path, _) in operations)
        {
            await AssertProblem(await Send(admin.Client, method, path, r => r.Headers.Authorization = new("Bearer", admin.Token)),
                HttpStatusCode.NotFound, "admin-not-enabled", $"{method} {path}");
        }
    }

    private static IEnumerable<string> AdminFunctions() => typeof(AdminGate).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(AdminGate).Namespace)
        .SelectMany(t => t.GetMethods())
        .Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name)
        .OfType<string>();

    internal static async Task<List<(string Method, string Path, string Function)>> AdminOperationsAsync(HttpClient client)
    {
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi.json"))!;
        var operations = new List<(string, string, string)>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation?["tags"]?.AsArray().Any(t => t?.GetValue<string>() == "Admin") == true)
                {
                    var function = AdminFunctions().Single(f => operation["operationId"]!.GetValue<string>().StartsWith(f, StringComparison.Ordinal));
                    operations.Add((method.ToUpperInvariant(), path.Replace("{id}", Guid.NewGuid().ToString()), function));
                }
            }
        }
        Assert.All(operations, o => Assert.StartsWith("/admin/", o.Item2));
        return operations;
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string method, string path, Action<HttpRequestMessage>? credentials)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{\"reason\": \"access test\"}", Encoding.UTF8, "application/json");
        }
        credentials?.Invoke(request);
        return client.SendAsync(request);
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string type, string described)
    {
        Assert.True(status == response.StatusCode, $"{described}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var problem = await StellarApi.JsonAsync(response);
        Assert.Equal("https://stellarmemory.cloud/problems/" + type, problem.GetProperty("type").GetString());
    }
}
