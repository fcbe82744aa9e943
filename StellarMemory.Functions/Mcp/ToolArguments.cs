using System.Text.Json;

namespace StellarMemory.Functions.Mcp;

/// <summary>Checks a tool call's arguments against the tool's input schema (the one the SDK generates from the
/// method's parameters) before the SDK binds them, so a missing or mistyped argument is an error naming the
/// argument and what it must be, rather than "An error occurred invoking ...".</summary>
public static class ToolArguments
{
    public static string? Check(JsonElement schema, IDictionary<string, JsonElement>? arguments)
    {
        arguments ??= new Dictionary<string, JsonElement>();
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("properties", out var properties))
        {
            return null;
        }
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray().Select(n => n.GetString()!))
            {
                if (!arguments.TryGetValue(name, out var value) || value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
                {
                    return $"Missing argument '{name}': it must be {Expected(properties.GetProperty(name))}.";
                }
            }
        }
        foreach (var (name, value) in arguments)
        {
            if (properties.TryGetProperty(name, out var property) && !Fits(property, value))
            {
                return $"Invalid argument '{name}': it must be {Expected(property)}, not {Describe(value)}.";
            }
        }
        return null;
    }

    private static IReadOnlyList<string> Types(JsonElement property) =>
        !property.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.String ? [type.GetString()!]
        : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList()
        : [];

    private static bool Fits(JsonElement property, JsonElement value)
    {
        var types = Types(property);
        return types.Count == 0 || types.Any(type => type switch
        {
            "string" => value.ValueKind == JsonValueKind.String,
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _),
            "number" => value.ValueKind == JsonValueKind.Number && double.IsFinite(value.GetDouble()),
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "null" => value.ValueKind == JsonValueKind.Null,
            _ => true,
        });
    }

    private static string Expected(JsonElement property)
    {
        var types = Types(property).Where(t => t != "null").Select(t => t switch
        {
            "integer" => "a whole number",
            "number" => "a number",
            "boolean" => "true or false",
            "object" => "a JSON object",
            "array" => "a JSON array",
            _ => "a " + t,
        }).ToList();
        return types.Count == 0 ? "a JSON value" : string.Join(" or ", types);
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };
}
