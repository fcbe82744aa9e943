namespace StellarMemory.Functions.OpenApi;

/// <summary>Marks a function that runs behind the API key check and the rate limiter (<c>ApiGate</c>): it answers 401
/// without a valid key, 429 past the plan's limit, and carries the rate-limit headers.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresApiKeyAttribute : Attribute
{
    /// <summary>False where limits are applied inside the protocol rather than to the HTTP request (MCP tool
    /// calls report them as tool errors): then no 429 and no rate-limit headers are documented.</summary>
    public bool RateLimited { get; init; } = true;
}
