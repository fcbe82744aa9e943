namespace StellarMemory.Functions.OpenApi;

/// <summary>Marks a function that runs behind the API key check and the rate limiter (<c>ApiGate</c>): it answers 401
/// without a valid key, 429 past the plan's limit, and carries the rate-limit headers.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresApiKeyAttribute : Attribute;
