using System.Globalization;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using StellarMemory.Core.Memory;
using StellarMemory.Core.Usage;
using StellarMemory.Functions.Memory;

namespace StellarMemory.Functions.Mcp;

/// <summary>What a tool call produced: a JSON payload, or an error written for the model to act on. The status
/// mirrors the REST status of the same outcome, so usage metering reads the same for both surfaces.</summary>
public sealed record ToolReply(int Status, object? Payload, string? Error)
{
    public static ToolReply Ok(object payload) => new(StatusCodes.Status200OK, payload, null);

    public static ToolReply Invalid(FieldError error) =>
        new(StatusCodes.Status400BadRequest, null, $"Invalid argument '{error.Field}': {error.Message}");

    public static ToolReply InvalidArgument(string message) => new(StatusCodes.Status400BadRequest, null, message);

    public static ToolReply NotFound(string id) =>
        new(StatusCodes.Status404NotFound, null, $"No memory with id '{id}' exists in this account.");

    public static ToolReply LimitReached(StoreOutcome.LimitReached limit) =>
        new(StatusCodes.Status403Forbidden, null, MemoryLimitProblem.Detail(limit));

    public static ToolReply RateLimited(RateLimitDecision decision) =>
        new(StatusCodes.Status429TooManyRequests, null,
            $"Rate limit reached: this plan allows {decision.Limit} requests per minute. " +
            $"Retry after {Math.Ceiling(decision.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture)} seconds.");

    public static ToolReply Unavailable() =>
        new(StatusCodes.Status503ServiceUnavailable, null,
            $"Memory is temporarily unavailable; nothing was changed. Try again in {ApiResults.OutageRetryAfterSeconds} seconds.");

    public static ToolReply AccountGone() =>
        new(StatusCodes.Status401Unauthorized, null, "The API key's account no longer exists.");

    public CallToolResult ToResult()
    {
        if (Error is not null)
        {
            return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = Error }] };
        }
        var json = JsonSerializer.SerializeToElement(Payload, ApiJson.Options);
        return new CallToolResult { Content = [new TextContentBlock { Text = json.GetRawText() }], StructuredContent = json };
    }
}
