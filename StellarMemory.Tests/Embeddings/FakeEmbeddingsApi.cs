using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StellarMemory.Sandbox;

namespace StellarMemory.Tests.Embeddings;

/// <summary>An OpenAI-compatible <c>POST /v1/embeddings</c>: a bearer key, <c>{input, model, dimensions,
/// encoding_format}</c> in, <c>{object: "list", data: [{object, index, embedding}], model, usage}</c> out, and
/// OpenAI's <c>{error: {message, type}}</c> bodies. Its "model" is multilingual in the crudest way: a vector of
/// hashed character bigrams, so texts that share words in any script get similar vectors.</summary>
public sealed class FakeEmbeddingsApi : FakeServer
{
    public const string ApiKey = "sk-fake-embeddings";
    public const string Model = "fake-multilingual";

    /// <summary>Every request body received, in order.</summary>
    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    /// <summary>How many of the next requests answer 503.</summary>
    public int FailNext;

    /// <summary>When set, vectors have this many floats instead of the requested number.</summary>
    public int? WrongDimensions { get; set; }

    protected override void Map(WebApplication app) =>
        app.MapPost("/v1/embeddings", async (HttpRequest request) =>
        {
            if (request.Headers.Authorization.ToString() != $"Bearer {ApiKey}")
            {
                return Error(StatusCodes.Status401Unauthorized, "Incorrect API key provided.", "invalid_request_error");
            }
            var body = JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync())!.AsObject();
            Requests.Enqueue(body);
            if (Interlocked.Decrement(ref FailNext) >= 0)
            {
                return Error(StatusCodes.Status503ServiceUnavailable, "The server is overloaded.", "server_error");
            }
            var dimensions = body["dimensions"]!.GetValue<int>();
            var inputs = body["input"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
            var data = new JsonArray(inputs.Select((text, index) => (JsonNode)new JsonObject
            {
                ["object"] = "embedding",
                ["index"] = index,
                ["embedding"] = new JsonArray(Vector(text, WrongDimensions ?? dimensions).Select(v => (JsonNode)v).ToArray()),
            }).ToArray());
            var response = new JsonObject
            {
                ["object"] = "list",
                ["data"] = data,
                ["model"] = body["model"]!.GetValue<string>(),
                ["usage"] = new JsonObject { ["prompt_tokens"] = inputs.Sum(i => i.Length), ["total_tokens"] = inputs.Sum(i => i.Length) },
            };
            return Results.Content(response.ToJsonString(), "application/json");
        });

    public static float[] Vector(string text, int dimensions)
    {
        var vector = new float[dimensions];
        var letters = new string(text.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
        for (var i = 0; i + 1 < letters.Length; i++)
        {
            vector[(letters[i] * 31 + letters[i + 1]) % dimensions] += 1;
        }
        vector[0] += 0.01f;
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return vector.Select(v => v / norm).ToArray();
    }

    private static IResult Error(int status, string message, string type) =>
        Results.Content(JsonSerializer.Serialize(new { error = new { message, type, param = (string?)null, code = (string?)null } }),
            "application/json", Encoding.UTF8, status);
}
