namespace StellarMemory.Functions.OpenApi;

/// <summary>Documents the JSON body a function reads on the methods that carry one (POST, PUT, PATCH); the schema
/// comes from the type as the API deserializes it.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ApiRequestBodyAttribute(Type type) : Attribute
{
    public Type Type { get; } = type;

    /// <summary>A body that works as sent, in JSON: /docs puts it in the form, and a test sends it.</summary>
    public string? Example { get; init; }
}
