using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace StellarMemory.Functions.Mcp;

/// <summary>Registers the MCP server: stateless streamable HTTP (any instance answers any request) and our tools.</summary>
public static class McpServiceCollectionExtensions
{
    public static IServiceCollection AddStellarMcp(this IServiceCollection services)
    {
        services.AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation
                {
                    Name = "stellar-memory",
                    Title = "Stellar Memory",
                    Version = typeof(McpServiceCollectionExtensions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
                };
                options.ServerInstructions =
                    "Long-term memory for this agent. Recall before answering questions that may depend on earlier " +
                    "conversations; store durable facts, preferences and decisions as short self-contained statements; " +
                    "forget memories that turn out wrong.";
            })
            .WithHttpTransport(transport => transport.Stateless = true)
            .WithTools<MemoryTools>()
            .WithTools<AccountTools>()
            .WithRequestFilters(filters => filters.AddCallToolFilter(next => async (context, cancellationToken) =>
            {
                // Arguments are checked before the SDK binds them; a refused call is metered like any other.
                if (context.MatchedPrimitive is McpServerTool tool
                    && ToolArguments.Check(tool.ProtocolTool.InputSchema, context.Params?.Arguments) is { } problem)
                {
                    var gate = context.Services!.GetRequiredService<McpToolGate>();
                    return await gate.RunAsync(context.User, tool.ProtocolTool.Name,
                        _ => Task.FromResult(ToolReply.InvalidArgument(problem)), cancellationToken);
                }
                return await next(context, cancellationToken);
            }));
        services.AddSingleton<McpTransport>();
        services.AddSingleton<McpToolGate>();
        services.AddSingleton<McpAuthentication>();
        return services;
    }
}
