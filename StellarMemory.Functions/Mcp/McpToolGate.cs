using System.Diagnostics;
using System.Security.Claims;
using StellarMemory.Core.Accounts;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Usage;
using ModelContextProtocol.Protocol;

namespace StellarMemory.Functions.Mcp;

/// <summary>What every MCP tool call goes through: the same shared per-account rate limit and usage metering
/// as a REST request, with the outcome returned as a tool result.</summary>
public sealed class McpToolGate(CallAdmission calls)
{
    /// <summary>Usage events of MCP calls carry this prefix before the tool name, e.g. "mcp.memory_store".</summary>
    public const string FunctionPrefix = "mcp.";

    public async Task<CallToolResult> RunAsync(ClaimsPrincipal? user, string tool, Func<ApiCall, Task<ToolReply>> work,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (McpCallerPrincipal.Read(user) is not var (accountId, keyId))
        {
            // Only reachable if the endpoint's authentication was bypassed; refuse rather than guess an account.
            return ToolReply.AccountGone().ToResult();
        }
        ToolReply reply;
        try
        {
            if (await calls.AdmitAsync(accountId, cancellationToken) is not var (tier, decision))
            {
                return ToolReply.AccountGone().ToResult();
            }
            reply = decision.Allowed ? await work(new ApiCall(new Caller(accountId, keyId, tier), decision)) : ToolReply.RateLimited(decision);
        }
        catch (Exception ex) when (TransientFailure.Is(ex) && !cancellationToken.IsCancellationRequested)
        {
            // The database (or the embedding model) is down: a tool error the model can act on, not a failed call.
            reply = ToolReply.Unavailable();
        }
        calls.Meter(accountId, keyId, FunctionPrefix + tool, reply.Status, started);
        return reply.ToResult();
    }
}
