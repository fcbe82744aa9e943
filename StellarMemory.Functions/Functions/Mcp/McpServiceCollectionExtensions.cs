using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace StellarMemory.Functions.Functions.Mcp;

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
            .WithTools<AccountTools>();
        services.AddSingleton<McpTransport>();
        services.AddSingleton<McpToolGate>();
        return services;
    }
}
