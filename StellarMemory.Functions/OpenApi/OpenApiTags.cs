using System.Text.Json.Nodes;

namespace StellarMemory.Functions.OpenApi;

/// <summary>The document's tags: one per capability folder of the functions (the last part of a function's namespace),
/// declared once at the top with what the group is for, in the order a reader meets them.</summary>
public static class OpenApiTags
{
    private static readonly (string Name, string Description)[] Known =
    [
        ("Auth", "Accounts and API keys: register, check a key, and create, rotate or revoke keys."),
        ("Memory", "Store, recall, list, change and forget an agent's memories."),
        ("Usage", "What the account uses against its plan's limits."),
        ("Billing", "Plans, checkout and the subscription."),
        ("Mcp", "The Model Context Protocol endpoint, for assistants and agents that speak MCP, and its metadata."),
        ("OAuth", "The OAuth 2.1 authorization server behind /mcp, for connectors that cannot send an API key, and the account's connected applications."),
        ("Health", "Whether the service and what it depends on answer."),
        ("Reference", "This document and the reference page rendered from it."),
        ("Account", "The account as a whole: export everything it holds, and delete it (confirmed by an emailed link)."),
        ("Webhooks", "Where the payment providers send their events; not for API clients."),
        ("Admin", "The operator's routes: revenue, billing health and audited support actions. A signed-in admin's session only (the stellar_session cookie of an account granted the admin role on the server), never an API key."),
    ];

    /// <summary>The tag of a function class: the capability folder it sits in.</summary>
    public static string Of(Type functionType) => functionType.Namespace?.Split('.')[^1] ?? "Functions";

    /// <summary>The tags the given operations use: known ones first, in their order, with their descriptions.</summary>
    public static JsonArray Declare(IEnumerable<string> used)
    {
        var names = used.ToHashSet(StringComparer.Ordinal);
        var tags = Known.Where(tag => names.Remove(tag.Name))
            .Select(tag => (JsonNode)new JsonObject { ["name"] = tag.Name, ["description"] = tag.Description });
        var others = names.Order(StringComparer.Ordinal).Select(name => (JsonNode)new JsonObject { ["name"] = name });
        return new JsonArray(tags.Concat(others).ToArray());
    }
}
