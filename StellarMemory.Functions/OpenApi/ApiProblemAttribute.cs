namespace StellarMemory.Functions.OpenApi;

/// <summary>Documents a problem response a function answers with beyond the ones every route of its kind has,
/// by status and problem type (the part after https://stellarmemory.cloud/problems/).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiProblemAttribute(int status, params string[] types) : Attribute
{
    public int Status { get; } = status;
    public IReadOnlyList<string> Types { get; } = types;
}
