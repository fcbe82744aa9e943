namespace StellarMemory.Functions.OpenApi;

/// <summary>Documents a query-string parameter a function reads.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiQueryAttribute(string name, Type type, string description) : Attribute
{
    public string Name { get; } = name;
    public Type Type { get; } = type;
    public string Description { get; } = description;
    public bool Required { get; init; }

    /// <summary>The one method that reads it, when the function serves several; null: every method.</summary>
    public string? Method { get; init; }
}
