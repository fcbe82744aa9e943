using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using StellarMemory.Functions;
using StellarMemory.Functions.Admin;
using StellarMemory.Tests.Operations;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Admin;

/// <summary>Every route OpenAPI lists under the Admin tag, which must be every admin function: no session gets 401; an
/// API key gets 403 <c>admin-only</c> however it is sent, even beside an admin's session; a signed-in account without
/// the admin role gets 403 <c>admin-only</c>; a signed-in admin gets through. The role is granted and revoked by the
/// server's <c>admin</c> command, and a revocation holds from the next request.</summary>
public sealed class AdminAccessTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_admin_route_takes_only_an_admins_session_401_without_one_403_to_api_keys_and_non_admins()
    {
        var logs = new CapturedLogs();
        await using var host = await AdminHost.StartAsync(Now, builder =>
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
        });
        var customer = await StellarApi.RegisterAsync(host.Client);
        var nonAdminEmail = $"customer-{Guid.NewGuid():N}@example.com";
        await StellarApi.RegisterAsync(host.Client, nonAdminEmail);
        var nonAdmin = await host.SignInAsync(nonAdminEmail);
        var admin = await host.AdminAsync();
        var operations = await AdminOperationsAsync(host.Client);
        Assert.Equal(AdminFunctions().Order(), operations.Select(o => o.Function).Distinct().Order());

        foreach (var (method, path, _) in operations)
        {
            var described = $"{method} {path}";
            await AssertProblem(await Send(host, method, path, null), HttpStatusCode.Unauthorized, "unauthorized", described);
            await AssertProblem(await Send(host, method, path, r => r.Headers.Add("Cookie", "stellar_session=not-a-session")),
                HttpStatusCode.Unauthorized, "unauthorized", described);
            await AssertProblem(await Send(host, method, path, r => r.Headers.Authorization = new("Bearer", customer.ApiKey)),
                HttpStatusCode.Forbidden, "admin-only", described);
            await AssertProblem(await Send(host, method, path, r => r.Headers.Add("X-API-Key", customer.ApiKey)),
                HttpStatusCode.Forbidden, "admin-only", described);
            // An admin's session beside an API key is still refused: admin routes take the session alone.
            await AssertProblem(await Send(host, method, path, r =>
            {
                WithSession(r, admin);
                r.Headers.Authorization = new("Bearer", customer.ApiKey);
            }), HttpStatusCode.Forbidden, "admin-only", described);
            await AssertProblem(await Send(host, method, path, r => WithSession(r, nonAdmin)), HttpStatusCode.Forbidden, "admin-only", described);
            if (method != "GET")
            {
                await AssertProblem(await Send(host, method, path, r => r.Headers.Add("Cookie", admin.Cookie)), HttpStatusCode.Forbidden, "csrf", described);
            }
            var served = await Send(host, method, path, r => WithSession(r, admin));
            Assert.True(served.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                $"{described} as the admin: {(int)served.StatusCode} {await served.Content.ReadAsStringAsync()}");
        }
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsAdminAsync(HttpMethod.Get, "/admin/health/billing")).StatusCode);
        Assert.True(logs.Count > 0);
        Assert.DoesNotContain(admin.Cookie.Split('=', 2)[1], logs.Text);
    }

    [Fact]
    public async Task Revoking_the_admin_role_holds_from_the_next_request_and_both_changes_are_audited()
    {
        await using var host = await AdminHost.StartAsync(Now);
        var admin = await host.AdminAsync();
        var colleague = await host.NewAdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.SendWithSessionAsync(HttpMethod.Get, "/admin/health/billing", colleague.Cookie, null)).StatusCode);
        var listed = await host.RunAdminCommandAsync("list");
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains(colleague.Email, listed.Output);

        var revoked = await host.RunAdminCommandAsync("revoke", colleague.Email.ToUpperInvariant(), "--reason", "left the support team");

        Assert.Equal(0, revoked.ExitCode);
        await StellarApi.AssertProblemAsync(await host.SendWithSessionAsync(HttpMethod.Get, "/admin/health/billing", colleague.Cookie, null),
            HttpStatusCode.Forbidden, "admin-only");
        Assert.DoesNotContain(colleague.Email, (await host.RunAdminCommandAsync("list")).Output);
        // The session itself lives on: the account is still a customer who is signed in.
        Assert.Equal(HttpStatusCode.OK, (await host.SendWithSessionAsync(HttpMethod.Get, "/auth/session", colleague.Cookie, null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsAdminAsync(HttpMethod.Get, "/admin/health/billing")).StatusCode);

        var audit = await StellarApi.JsonAsync(await host.SendAsAdminAsync(HttpMethod.Get,
            $"/admin/audit?target={Uri.EscapeDataString("admin-role:" + colleague.AccountId)}"));
        Assert.Equal(["revoke-admin-role by command-line: left the support team", "grant-admin-role by command-line: Granted on the server's command line."],
            audit.GetProperty("entries").EnumerateArray().Select(e => $"{e.GetProperty("action")} by {e.GetProperty("actor")}: {e.GetProperty("reason")}"));
        Assert.NotEqual(admin.AccountId, colleague.AccountId);
    }

    [Fact]
    public async Task A_suspended_admins_session_is_refused_until_the_account_is_restored()
    {
        await using var host = await AdminHost.StartAsync(Now);
        var colleague = await host.NewAdminAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await host.SendAsAdminAsync(HttpMethod.Post, $"/admin/accounts/{colleague.AccountId}/suspend",
            new { reason = "laptop reported stolen" })).StatusCode);
        await StellarApi.AssertProblemAsync(await host.SendWithSessionAsync(HttpMethod.Get, "/admin/health/billing", colleague.Cookie, null),
            HttpStatusCode.Forbidden, "admin-only");

        Assert.Equal(HttpStatusCode.NoContent, (await host.SendAsAdminAsync(HttpMethod.Post, $"/admin/accounts/{colleague.AccountId}/restore",
            new { reason = "laptop found" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.SendWithSessionAsync(HttpMethod.Get, "/admin/health/billing", colleague.Cookie, null)).StatusCode);
    }

    [Fact]
    public async Task The_admin_command_refuses_an_unknown_email_and_a_malformed_call_and_changes_nothing()
    {
        await using var host = await AdminHost.StartAsync(Now);

        var unknown = await host.RunAdminCommandAsync("grant", "nobody@example.com");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("register it first", unknown.Errors);
        foreach (var malformed in new[] { Array.Empty<string>(), ["grant"], ["grant", "not-an-email"], ["promote", "a@example.com"],
                     ["grant", "a@example.com", "--reason", " "] })
        {
            Assert.Equal(2, (await host.RunAdminCommandAsync(malformed)).ExitCode);
        }
        Assert.Equal("", (await host.RunAdminCommandAsync("list")).Output);
        Assert.Equal(0, await host.Database.ScalarAsync<long>("SELECT count(*) FROM admin_roles"));
    }

    [Fact]
    public async Task The_admin_command_on_a_database_the_app_never_started_on_says_to_start_it_and_creates_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
        }).Build();
        using var errors = new StringWriter();

        Assert.Equal(1, await AdminCommand.RunAsync(["grant", "first@example.com"], configuration, TextWriter.Null, errors));

        Assert.Contains("start the app once", errors.ToString());
        Assert.Equal(0, await database.ScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    private static void WithSession(HttpRequestMessage request, AdminHost.SignedIn session)
    {
        request.Headers.Add("Cookie", session.Cookie);
        request.Headers.Add("X-CSRF-Token", session.Csrf);
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
                    Assert.Equal("""[{"sessionCookie":[]}]""", operation["security"]!.ToJsonString());
                    operations.Add((method.ToUpperInvariant(), path.Replace("{id}", Guid.NewGuid().ToString()), function));
                }
            }
        }
        Assert.All(operations, o => Assert.StartsWith("/admin/", o.Item2));
        return operations;
    }

    private static Task<HttpResponseMessage> Send(AdminHost host, string method, string path, Action<HttpRequestMessage>? credentials)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{\"reason\": \"access test\"}", Encoding.UTF8, "application/json");
        }
        credentials?.Invoke(request);
        return host.Browser.SendAsync(request);
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string type, string described)
    {
        Assert.True(status == response.StatusCode, $"{described}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var problem = await StellarApi.JsonAsync(response);
        Assert.Equal("https://stellarmemory.cloud/problems/" + type, problem.GetProperty("type").GetString());
    }
}
