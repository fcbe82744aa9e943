using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using StellarMemory.Core.Memory;
using StellarMemory.Functions.Memory;

namespace StellarMemory.Functions.Mcp;

/// <summary>The memory API as MCP tools, each a thin adapter over the same Core services as its REST route.
/// Parameter names are snake_case because they are the argument names the model sees, as in the REST API.</summary>
[McpServerToolType]
public sealed class MemoryTools(McpToolGate gate, MemoryWriter writer, MemoryRecall recall, MemoryQueries queries, MemoryEditor editor)
{
    [McpServerTool(Name = "memory_store", Destructive = false, OpenWorld = false)]
    [Description("Save something worth remembering across conversations: a fact, a user preference, a decision, a lesson. " +
        "Write one self-contained statement per memory. A near-duplicate of an existing memory is not stored twice; " +
        "the existing one is returned with deduplicated=true.")]
    public Task<CallToolResult> Store(
        RequestContext<CallToolRequestParams> context,
        [Description("The memory itself, 1 to 10,000 characters, written so it makes sense on its own later.")] string content,
        [Description("How much this matters, 0 to 1 (default 0.5). Important memories stay near the core and are recalled first.")] double? importance = null,
        [Description("Which agent this memory belongs to (letters, digits, '_', '.', '-'; default 'default'). Use one id per agent sharing the account.")] string? agent_id = null,
        [Description("Optional JSON object of tags or facts to filter on later, e.g. {\"project\":\"atlas\"}.")] JsonElement? metadata = null,
        CancellationToken cancellationToken = default) =>
        gate.RunAsync(context.User, "memory_store", async call =>
        {
            var (input, error) = MemoryRules.Input(content, importance, metadata, agent_id, null);
            if (error is not null)
            {
                return ToolReply.Invalid(error);
            }
            return (await writer.StoreAsync(call.Caller.AccountId, [input!], cancellationToken))[0] switch
            {
                StoreOutcome.Stored stored => ToolReply.Ok(StoredMemory.From(stored)),
                StoreOutcome.LimitReached limit => ToolReply.LimitReached(limit),
                var outcome => throw new InvalidOperationException($"Unexpected outcome {outcome}."),
            };
        }, cancellationToken);

    [McpServerTool(Name = "memory_recall", ReadOnly = true, OpenWorld = false)]
    [Description("Find the memories most relevant to a question or topic, best first, by meaning rather than exact words. " +
        "Call this before answering anything that may depend on what you learned earlier.")]
    public Task<CallToolResult> Recall(
        RequestContext<CallToolRequestParams> context,
        [Description("What you want to remember, in natural language, e.g. 'what editor does the user prefer?'.")] string query,
        [Description("How many memories to return, 1 to 50 (default 5).")] int? limit = null,
        [Description("Only recall memories of this agent.")] string? agent_id = null,
        [Description("Only return memories at least this relevant, 0 to 1 (default 0).")] double? min_relevance = null,
        CancellationToken cancellationToken = default) =>
        gate.RunAsync(context.User, "memory_recall", async call =>
        {
            var error = MemoryRules.Query(query, "query", required: true) ?? MemoryRules.Limit(limit)
                ?? MemoryRules.AgentId(agent_id) ?? MemoryRules.MinRelevance(min_relevance);
            if (error is not null)
            {
                return ToolReply.Invalid(error);
            }
            var memories = await recall.RecallAsync(call.Caller.AccountId,
                new RecallQuery(query, null, limit ?? MemoryRules.DefaultRecallLimit, agent_id, null, min_relevance ?? 0), cancellationToken);
            return ToolReply.Ok(new RecalledMemories(memories.Select(MemoryView.From)));
        }, cancellationToken);

    [McpServerTool(Name = "memory_get", ReadOnly = true, OpenWorld = false)]
    [Description("Read one memory by its id, with its zone, score, metadata and when it was last recalled.")]
    public Task<CallToolResult> Get(
        RequestContext<CallToolRequestParams> context,
        [Description("The memory's id, as returned by memory_store, memory_recall or memory_list.")] string id,
        CancellationToken cancellationToken = default) =>
        gate.RunAsync(context.User, "memory_get", async call =>
            Guid.TryParse(id, out var memoryId) && await queries.GetAsync(call.Caller.AccountId, memoryId, cancellationToken) is { } memory
                ? ToolReply.Ok(MemoryView.From(memory))
                : ToolReply.NotFound(id), cancellationToken);

    [McpServerTool(Name = "memory_forget", Destructive = true, Idempotent = true, OpenWorld = false)]
    [Description("Permanently forget one memory by its id, e.g. when it is wrong, outdated, or the user asks you to forget it.")]
    public Task<CallToolResult> Forget(
        RequestContext<CallToolRequestParams> context,
        [Description("The id of the memory to forget.")] string id,
        CancellationToken cancellationToken = default) =>
        gate.RunAsync(context.User, "memory_forget", async call =>
            Guid.TryParse(id, out var memoryId) && await editor.ForgetAsync(call.Caller.AccountId, memoryId, cancellationToken)
                ? ToolReply.Ok(new ForgottenMemory(memoryId, Forgotten: true))
                : ToolReply.NotFound(id), cancellationToken);

    [McpServerTool(Name = "memory_list", ReadOnly = true, OpenWorld = false)]
    [Description("List memories newest first, optionally by zone or agent. Pass next_cursor from a previous call to read the next page.")]
    public Task<CallToolResult> List(
        RequestContext<CallToolRequestParams> context,
        [Description("Only this zone: core (most important), inner, outer, belt or cloud (fading).")] string? zone = null,
        [Description("Only memories of this agent.")] string? agent_id = null,
        [Description("Page size, 1 to 50 (default 20).")] int? limit = null,
        [Description("The next_cursor value of the previous page.")] string? cursor = null,
        CancellationToken cancellationToken = default) =>
        gate.RunAsync(context.User, "memory_list", async call =>
        {
            var cursorError = ListCursor.Read(cursor, out var after);
            var error = MemoryRules.Zone(zone) ?? MemoryRules.AgentId(agent_id) ?? MemoryRules.Limit(limit) ?? cursorError;
            if (error is not null)
            {
                return ToolReply.Invalid(error);
            }
            var page = await queries.ListAsync(call.Caller.AccountId, zone, agent_id, limit ?? 20, after, cancellationToken);
            return ToolReply.Ok(new MemoryPageResponse(page.Memories.Select(MemoryView.From), page.NextCursor));
        }, cancellationToken);

    [McpServerTool(Name = "memory_stats", ReadOnly = true, OpenWorld = false)]
    [Description("How many memories this account holds, per zone and per agent, against the plan's caps.")]
    public Task<CallToolResult> Stats(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken = default) =>
        gate.RunAsync(context.User, "memory_stats", async call =>
            ToolReply.Ok(MemoryStatsResponse.From(await queries.StatsAsync(call.Caller.AccountId, cancellationToken))),
            cancellationToken);
}
