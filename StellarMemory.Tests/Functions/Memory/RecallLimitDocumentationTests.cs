using System.ComponentModel;
using System.Reflection;
using StellarMemory.Core.Memory;
using StellarMemory.Functions.Mcp;
using StellarMemory.Functions.Memory;
using StellarMemory.Functions.OpenApi;

namespace StellarMemory.Tests.Functions.Memory;

/// <summary>The recall limit's default and range live in <see cref="MemoryRules"/>; the descriptions an HTTP or MCP
/// client reads are attribute text, which cannot be built from them, so they are held to them here.</summary>
public sealed class RecallLimitDocumentationTests
{
    private static readonly string Promise = $"1 to {MemoryRules.MaxLimit} (default {MemoryRules.DefaultRecallLimit})";

    [Fact]
    public void The_http_recall_documents_the_default_limit_the_rules_apply()
    {
        var limit = typeof(RecallMemories).GetMethod(nameof(RecallMemories.Run))!
            .GetCustomAttributes<ApiQueryAttribute>().Single(query => query.Name == "limit");
        Assert.Contains(Promise, limit.Description);
    }

    [Fact]
    public void The_mcp_recall_tool_documents_the_default_limit_the_rules_apply()
    {
        var limit = typeof(MemoryTools).GetMethod(nameof(MemoryTools.Recall))!.GetParameters().Single(parameter => parameter.Name == "limit");
        Assert.Contains(Promise, limit.GetCustomAttribute<DescriptionAttribute>()!.Description);
    }
}
