using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.WebUtilities;
using StellarMemory.Functions.PortableHost;

namespace StellarMemory.Functions.OpenApi;

/// <summary>One operation of the document: a function on one of its methods, with its parameters, body,
/// responses (the declared ones and the problems its kind of route always may answer) and security.</summary>
public sealed partial class OpenApiOperationBuilder(HttpFunctionRoute route, string method, bool sharedByMethods, OpenApiSchemaRegistry schemas)
{
    private readonly MethodInfo _function = route.Function.Method;
    private readonly bool _secured = route.Function.Method.IsDefined(typeof(RequiresApiKeyAttribute));
    private readonly bool _adminSession = route.Function.Method.IsDefined(typeof(RequiresAdminSessionAttribute));
    private readonly bool _rateLimited = route.Function.Method.GetCustomAttribute<RequiresApiKeyAttribute>() is { RateLimited: true };

    public JsonObject Build()
    {
        var operation = new JsonObject
        {
            ["operationId"] = sharedByMethods ? route.Function.Name + Pascal(method) : route.Function.Name,
            ["summary"] = Words(route.Function.Name),
            ["tags"] = new JsonArray(OpenApiTags.Of(route.Function.Type)),
        };
        if (_function.GetCustomAttribute<DescriptionAttribute>() is { } description)
        {
            operation["description"] = description.Description;
        }
        var parameters = PathParameters().Concat(QueryParameters()).ToArray();
        if (parameters.Length > 0)
        {
            operation["parameters"] = new JsonArray(parameters);
        }
        var body = CarriesBody() ? _function.GetCustomAttribute<ApiRequestBodyAttribute>() : null;
        if (body is not null)
        {
            var media = new JsonObject { ["schema"] = schemas.RequestBody(body.Type) };
            if (body.Example is not null)
            {
                media["example"] = JsonNode.Parse(body.Example);
            }
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { ["application/json"] = media },
            };
        }
        operation["responses"] = Responses(hasInput: body is not null || QueryAttributes().Any());
        // An empty list says in so many words that no key is needed (the document sets no default).
        operation["security"] = _adminSession ? OpenApiComponents.SessionSecurity() : _secured ? OpenApiComponents.Security() : new JsonArray();
        return operation;
    }

    private bool CarriesBody() => HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method);

    private IEnumerable<ApiQueryAttribute> QueryAttributes() => _function.GetCustomAttributes<ApiQueryAttribute>()
        .Where(query => query.Method is null || string.Equals(query.Method, method, StringComparison.OrdinalIgnoreCase));

    private IEnumerable<JsonNode> PathParameters() =>
        RoutePatternFactory.Parse(route.Path).Parameters.Select(parameter => (JsonNode)new JsonObject
        {
            ["name"] = parameter.Name,
            ["in"] = "path",
            ["required"] = true,
            ["schema"] = OpenApiSchemaRegistry.Inline(
                _function.GetParameters().FirstOrDefault(p => p.Name == parameter.Name)?.ParameterType ?? typeof(string)),
        });

    private IEnumerable<JsonNode> QueryParameters() => QueryAttributes().Select(query => (JsonNode)new JsonObject
    {
        ["name"] = query.Name,
        ["in"] = "query",
        ["required"] = query.Required,
        ["description"] = query.Description,
        ["schema"] = OpenApiSchemaRegistry.Inline(query.Type),
    });

    private JsonObject Responses(bool hasInput)
    {
        var responses = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var declared in _function.GetCustomAttributes<ApiResponseAttribute>())
        {
            responses[Code(declared.Status)] = Success(declared);
        }
        foreach (var (status, types) in Problems(hasInput))
        {
            responses[Code(status)] = Problem(status, types);
        }
        if (responses.Count == 0)
        {
            responses["default"] = new JsonObject { ["description"] = "The function's response; it declares no more." };
        }
        return new JsonObject(responses.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value)));
    }

    private JsonObject Success(ApiResponseAttribute declared)
    {
        var response = new JsonObject { ["description"] = declared.Description ?? ReasonPhrases.GetReasonPhrase(declared.Status) };
        if (declared.Types.Count > 0)
        {
            JsonNode schema = declared.Types.Count == 1
                ? schemas.Response(declared.Types[0])
                : new JsonObject { ["oneOf"] = new JsonArray(declared.Types.Select(t => (JsonNode)schemas.Response(t)).ToArray()) };
            response["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schema } };
        }
        var headers = RateLimitHeaders(declared.Status);
        if (declared.Status is >= 300 and < 400)
        {
            headers["Location"] = new JsonObject
            {
                ["description"] = "Where the client is sent.",
                ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "uri-reference" },
            };
        }
        if (headers.Count > 0)
        {
            response["headers"] = headers;
        }
        return response;
    }

    private IEnumerable<(int Status, IReadOnlyList<string> Types)> Problems(bool hasInput)
    {
        var problems = new List<(int Status, string Type)>();
        if (_secured)
        {
            problems.Add((StatusCodes.Status401Unauthorized, "unauthorized"));
        }
        if (_adminSession)
        {
            problems.Add((StatusCodes.Status401Unauthorized, "unauthorized"));
            problems.Add((StatusCodes.Status403Forbidden, "admin-only"));
            if (!HttpMethods.IsGet(method))
            {
                problems.Add((StatusCodes.Status403Forbidden, "csrf"));
            }
        }
        if (_rateLimited)
        {
            problems.Add((StatusCodes.Status429TooManyRequests, "rate-limited"));
        }
        if (hasInput)
        {
            problems.Add((StatusCodes.Status400BadRequest, "invalid-request"));
        }
        if (CarriesBody() && _function.IsDefined(typeof(ApiRequestBodyAttribute)))
        {
            problems.Add((StatusCodes.Status413PayloadTooLarge, "payload-too-large"));
            problems.Add((StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type"));
        }
        problems.AddRange(_function.GetCustomAttributes<ApiProblemAttribute>().SelectMany(p => p.Types.Select(t => (p.Status, t))));
        return problems.GroupBy(p => p.Status).Select(g => (g.Key, (IReadOnlyList<string>)g.Select(p => p.Type).Distinct().ToArray()));
    }

    private JsonObject Problem(int status, IReadOnlyList<string> types)
    {
        var response = new JsonObject
        {
            ["description"] = $"{ReasonPhrases.GetReasonPhrase(status)}: {string.Join(", ", types.Select(t => ApiResults.ProblemBase + t))}",
            ["content"] = new JsonObject
            {
                ["application/problem+json"] = new JsonObject
                {
                    ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/" + OpenApiComponents.ProblemSchema },
                },
            },
        };
        var headers = RateLimitHeaders(status);
        if (status == StatusCodes.Status429TooManyRequests)
        {
            headers[OpenApiComponents.RetryAfterHeader] = OpenApiComponents.HeaderReference(OpenApiComponents.RetryAfterHeader);
        }
        if (status == StatusCodes.Status401Unauthorized && _secured)
        {
            headers["WWW-Authenticate"] = new JsonObject { ["description"] = "`Bearer`.", ["schema"] = new JsonObject { ["type"] = "string" } };
        }
        if (headers.Count > 0)
        {
            response["headers"] = headers;
        }
        return response;
    }

    // The gate counts a request, and sets the headers, only once the key is known to be valid.
    private JsonObject RateLimitHeaders(int status) => !_rateLimited || status == StatusCodes.Status401Unauthorized
        ? []
        : new JsonObject(OpenApiComponents.RateLimitHeaders.Select(name =>
            KeyValuePair.Create(name, (JsonNode?)OpenApiComponents.HeaderReference(name))));

    private static string Code(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Pascal(string method) => method[..1].ToUpperInvariant() + method[1..].ToLowerInvariant();

    private static string Words(string name)
    {
        var words = CapitalLetter().Replace(name, " $1").Trim();
        return words[..1] + words[1..].ToLowerInvariant();
    }

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex CapitalLetter();
}
