using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using StellarMemory.Core.Usage;
using StellarMemory.Functions.Usage;

namespace StellarMemory.Functions.Mcp;

/// <summary>The account's plan and usage as an MCP tool.</summary>
[McpServerToolType]
public sealed class AccountTools(McpToolGate gate, UsageReporter reporter)
{
    [McpServerTool(Name = "account_usage", ReadOnly = true, OpenWorld = false)]
    [Description("The account's plan, its limits and current use (memories, agents, API keys), requests this billing " +
        "period by day and by function, and the rate limit right now. Check it before storing many memories.")]
    public Task<CallToolResult> Usage(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken = default) =>
        gate.RunAsync(context.User, "account_usage", async call =>
            ToolReply.Ok(UsageResponse.From(
                await reporter.ReportAsync(call.Caller.AccountId, call.Caller.Tier, cancellationToken), call.RateLimit)),
            cancellationToken);
}
