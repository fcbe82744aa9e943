using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace StellarMemory.Functions.OpenApi;

/// <summary>The document's <c>components/schemas</c>: a JSON Schema for each of our request and response types,
/// exported from the serializer contract the API uses, with our types referenced by name rather than inlined.</summary>
public sealed class OpenApiSchemaRegistry
{
    // The API's options, except that numbers are documented as numbers: the server writes them so, and a
    // client should send them so, even though the Web defaults also read numbers written as strings.
    private static readonly JsonSerializerOptions Options = CreateOptions();

    private readonly SortedDictionary<string, JsonNode> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _names = [];

    public JsonObject Schemas => new(_schemas.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value.DeepClone())));

    /// <summary>A reference to the schema of a request body type. Request records keep every field nullable so that
    /// the function words its own errors, and null means absent; so the schema says what a client should send:
    /// no null, and as required the fields marked <see cref="ApiRequiredAttribute"/>.</summary>
    public JsonObject RequestBody(Type type) => Reference(type, forRequest: true);

    public JsonObject Response(Type type) => Reference(type, forRequest: false);

    /// <summary>An inline schema for a simple value such as a path or query parameter.</summary>
    public static JsonNode Inline(Type type) =>
        Options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });

    public void Add(string name, JsonNode schema) => _schemas.Add(name, schema);

    private JsonObject Reference(Type type, bool forRequest)
    {
        if (!_names.TryGetValue(type, out var name))
        {
            name = NameOf(type);
            if (_schemas.ContainsKey(name))
            {
                throw new InvalidOperationException($"Two documented types are named {name}; rename one.");
            }
            _names[type] = name;
            _schemas[name] = new JsonObject(); // claims the name while nested types are exported
            _schemas[name] = Export(type, forRequest);
        }
        return new JsonObject { ["$ref"] = "#/components/schemas/" + name };
    }

    private JsonNode Export(Type type, bool forRequest) =>
        Options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                if (node is JsonValue)
                {
                    return new JsonObject(); // "any JSON": the object form, which more OpenAPI tools read than `true`
                }
                if (forRequest && node is JsonObject requestNode)
                {
                    DescribeRequestField(context, requestNode);
                }
                if (context.Path.Length == 0 || !IsComponent(context.TypeInfo.Type))
                {
                    return node;
                }
                var reference = Reference(context.TypeInfo.Type, forRequest);
                return AllowsNull(node)
                    ? new JsonObject { ["anyOf"] = new JsonArray(reference, new JsonObject { ["type"] = "null" }) }
                    : reference;
            },
        });

    private static void DescribeRequestField(JsonSchemaExporterContext context, JsonObject node)
    {
        if (node["type"] is JsonArray types)
        {
            var kept = types.Select(t => t!.GetValue<string>()).Where(t => t != "null").ToArray();
            node["type"] = kept.Length == 1 ? JsonValue.Create(kept[0])! : new JsonArray(kept.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray());
        }
        node.Remove("required");
        // A record's `= null` parameter default means "absent", which no longer includes null once null is removed.
        if (node.TryGetPropertyValue("default", out var fallback) && fallback is null)
        {
            node.Remove("default");
        }
        if (context.PropertyInfo is null && context.TypeInfo.Kind == JsonTypeInfoKind.Object)
        {
            var required = context.TypeInfo.Properties
                .Where(property => property.AttributeProvider?.IsDefined(typeof(ApiRequiredAttribute), inherit: false) == true)
                .Select(property => (JsonNode)JsonValue.Create(property.Name)!)
                .ToArray();
            if (required.Length > 0)
            {
                node["required"] = new JsonArray(required);
            }
        }
    }

    private static bool IsComponent(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type)
        && type.Namespace?.StartsWith("StellarMemory.", StringComparison.Ordinal) == true;

    private static bool AllowsNull(JsonNode node) =>
        node is JsonObject { } schema && schema["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null");

    private static string NameOf(Type type) => type.DeclaringType is { } outer ? NameOf(outer) + "." + type.Name : type.Name;

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(ApiJson.Options) { NumberHandling = JsonNumberHandling.Strict };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
