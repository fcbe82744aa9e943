namespace StellarMemory.Functions.OpenApi;

/// <summary>Documents a successful response: its status and the type serialized as its JSON body (several: one of them;
/// none: no body).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiResponseAttribute(int status, params Type[] types) : Attribute
{
    public int Status { get; } = status;
    public IReadOnlyList<Type> Types { get; } = types;
    public string? Description { get; init; }
}
