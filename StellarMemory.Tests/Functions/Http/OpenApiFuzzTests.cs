using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using StellarMemory.Tests.Billing;
using StellarMemory.Tests.Support;
using Xunit.Abstractions;

namespace StellarMemory.Tests.Functions.Http;

/// <summary>Every operation of our own <c>/openapi.json</c>, sent malformed inputs generated from a fixed seed
/// (wrong types, sizes, encodings, lone surrogates, NUL, huge numbers, bad ids and cursors, other methods and
/// content types, no key or a made-up one), against a host with fake payment providers: no answer may be a 5xx.</summary>
public sealed class OpenApiFuzzTests(BillingFixture billing, ITestOutputHelper output) : IClassFixture<BillingFixture>
{
    private const int Seed = 20261202;
    private const int CasesPerOperation = 60;

    private static readonly string[] HttpFunctions =
    [
        "GetUsage", "GetCaller", "ListApiKeys", "CreateApiKey", "RevokeApiKey", "RegisterAccount", "RotateApiKey", "UpdateMemory",
        "RecallMemories", "GetMemoryStats", "GetTimeline", "ListMemories", "ForgetMemory", "Forget", "StoreMemoryBatch", "GetMemory",
        "StoreMemory", "ReceiveStripeWebhook", "ReceiveTossWebhook", "ReceiveLemonSqueezyWebhook", "CreateCheckout",
        "CompleteTossBillingAuth", "GetSubscription", "GetPlans", "OpenBillingPortal", "CancelSubscription", "GetApiReference",
        "GetOpenApiDocument", "ProtectedResourceMetadata", "McpEndpoint", "GetHealth",
    ];

    private static readonly string[] Strings =
    [
        "", " ", "\0", "a\0b", "\ud800", "x\udfffy", new string('x', 70_000), "😀", "' OR 1=1 --", "<script>", "%00", "../../etc/passwd",
        "00000000-0000-0000-0000-000000000000", "not-a-guid", "0001-01-01", "9999-12-31T23:59:59Z", "-62135596800", "sk-stellar-" + new string('a', 44), "eyJ", "1e400", "-1", "NaN", "null",
    ];

    private static readonly string[] Numbers = ["1e400", "-1e400", "99999999999999999999999999", "-1", "0", "0.5", "1.7976931348623157e308", "-0"];

    [Fact]
    public async Task Generated_malformed_requests_to_every_documented_operation_never_get_a_5xx()
    {
        await using var host = await billing.StartHostAsync(HttpFunctions, new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0" });
        var account = await StellarApi.RegisterAsync(host.Client);
        await StellarApi.SetTierAsync(billing.Database, account.AccountId, "team");
        var document = JsonNode.Parse(await host.Client.GetStringAsync("/openapi.json"))!;
        var random = new Random(Seed);
        var failures = new List<string>();
        var sent = 0;

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(o => o.Key is "get" or "post" or "put" or "patch" or "delete"))
            {
                for (var i = 0; i < CasesPerOperation; i++)
                {
                    using var request = Build(random, document, path, method, operation!, account.ApiKey);
                    var described = $"{request.Method} {request.RequestUri}";
                    HttpResponseMessage response;
                    try
                    {
                        response = await host.Client.SendAsync(request);
                    }
                    catch (HttpRequestException ex)
                    {
                        failures.Add($"{described}: {ex.Message}");
                        continue;
                    }
                    sent++;
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{(int)response.StatusCode} {described} body {Truncate(await Body(request))}: {Truncate(await response.Content.ReadAsStringAsync())}");
                    }
                }
            }
        }

        output.WriteLine($"{sent} requests, {failures.Count} failures");
        Assert.True(sent >= 500, $"only {sent} requests were sent");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    private static HttpRequestMessage Build(Random random, JsonNode document, string path, string method, JsonNode operation, string apiKey)
    {
        var kind = random.Next(10);
        var url = new StringBuilder(FillPath(random, path));
        var query = (operation["parameters"]?.AsArray() ?? []).Where(p => p!["in"]!.GetValue<string>() == "query").ToList();
        var separator = '?';
        foreach (var parameter in query.Where(_ => random.Next(3) > 0))
        {
            url.Append(separator).Append(parameter!["name"]!.GetValue<string>()).Append('=').Append(EscapeOrRaw(random, Strings.Concat(Numbers).ToArray()));
            separator = '&';
        }
        if (random.Next(8) == 0)
        {
            url.Append(separator).Append("cursor=%ZZ%00&limit=1&limit=2");
        }
        var verb = kind == 0 ? Pick(random, ["PUT", "PATCH", "DELETE", "GET", "POST"]) : method.ToUpperInvariant();
        var request = new HttpRequestMessage(new HttpMethod(verb), url.ToString());
        switch (random.Next(6))
        {
            case 0:
                break;
            case 1:
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + new string(Pick(random, Strings).Where(c => c is >= ' ' and < '\u007f').Take(2_000).ToArray()));
                break;
            case 2:
                request.Headers.TryAddWithoutValidation("X-API-Key", apiKey);
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer sk-stellar-" + new string('b', 44));
                break;
            default:
                request.Headers.Authorization = new("Bearer", apiKey);
                break;
        }
        request.Headers.TryAddWithoutValidation("Stripe-Signature", Pick(random, ["t=1,v1=00", "", "garbage", "t=99999999999999999999,v1=zz"]));
        request.Headers.TryAddWithoutValidation("X-Signature", Pick(random, ["00", "", "zz"]));
        if (operation["requestBody"] is { } body || random.Next(4) == 0)
        {
            var schema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
            var json = MalformedBody(random, document, schema);
            var contentType = Pick(random, ["application/json", "application/json", "application/json", "text/plain", "application/x-www-form-urlencoded",
                "application/json; charset=latin1", "multipart/form-data; boundary=x", "application/problem+json"]);
            request.Content = new ByteArrayContent(json);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        return request;
    }

    private static string FillPath(Random random, string path)
    {
        var filled = path;
        while (filled.IndexOf('{') is var start and >= 0)
        {
            var end = filled.IndexOf('}', start);
            filled = filled[..start] + EscapeOrRaw(random, Strings.Append(Guid.NewGuid().ToString()).ToArray()) + filled[(end + 1)..];
        }
        return filled;
    }

    private static byte[] MalformedBody(Random random, JsonNode document, JsonNode? schema)
    {
        switch (random.Next(12))
        {
            case 0:
                return [0xff, 0xfe, 0x00, 0x7b];
            case 1:
                return Encoding.UTF8.GetBytes("{\"a\": \"\\ud800\", \"b\": \"\\u0000\"}");
            case 2:
                return Encoding.UTF8.GetBytes(new string('[', 5_000) + new string(']', 5_000));
            case 3:
                return Encoding.UTF8.GetBytes("[]");
            case 4:
                return Encoding.UTF8.GetBytes("null");
            case 5:
                return [];
        }
        var properties = Resolve(document, schema)?["properties"]?.AsObject();
        var body = new JsonObject();
        foreach (var (name, property) in properties ?? [])
        {
            if (random.Next(4) == 0)
            {
                continue;
            }
            body[name] = random.Next(7) switch
            {
                0 => JsonValue.Create(Pick(random, Strings)),
                1 => JsonNode.Parse(Pick(random, ["1e308", "-1e308", "123456789012345678901234567890", "0", "-1", "0.5"])),
                2 => JsonValue.Create(random.Next(2) == 0),
                3 => new JsonArray(Enumerable.Range(0, random.Next(1, 500)).Select(_ => (JsonNode)JsonValue.Create(Pick(random, ["1", "x", "1e38"]))!).ToArray()),
                4 => new JsonObject { ["nested"] = new JsonObject { ["\u0000"] = "\ud800" } },
                5 => null,
                _ => JsonValue.Create(new string('y', random.Next(1, 20_000))),
            };
        }
        var text = body.ToJsonString();
        return Encoding.UTF8.GetBytes(random.Next(5) == 0 ? text[..Math.Max(1, text.Length / 2)] : text);
    }

    private static JsonNode? Resolve(JsonNode document, JsonNode? schema)
    {
        if (schema?["$ref"]?.GetValue<string>() is { } reference)
        {
            var node = document;
            foreach (var part in reference.TrimStart('#', '/').Split('/'))
            {
                node = node[part]!;
            }
            return node;
        }
        return schema;
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    // Percent-encodes a value byte by byte, or sends an encoding no valid UTF-8 has (a lone surrogate, an overlong form).
    private static string EscapeOrRaw(Random random, string[] values) =>
        random.Next(8) == 0
            ? Pick(random, ["%ED%A0%80", "%C0%AF", "%FF%FE", "%00"])
            : string.Concat(Encoding.UTF8.GetBytes(Pick(random, values)).Take(8_000).Select(b => $"%{b:X2}"));

    private static async Task<string> Body(HttpRequestMessage request) =>
        request.Content is null ? "(none)" : await request.Content.ReadAsStringAsync();

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "..." : text;
}
