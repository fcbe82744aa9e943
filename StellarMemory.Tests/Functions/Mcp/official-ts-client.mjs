// Drives /mcp with the official TypeScript MCP SDK (pinned in package.json), as Claude Code and
// Cursor do: one line of JSON per step on stdout, for McpTypeScriptClientTests to check.
//   node official-ts-client.mjs <endpoint>   (the API key comes from STELLAR_API_KEY)
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const endpoint = new URL(process.argv[2]);
const transport = new StreamableHTTPClientTransport(endpoint, {
  requestInit: { headers: { Authorization: `Bearer ${process.env.STELLAR_API_KEY}` } },
});
const client = new Client({ name: "stellar-memory-interop", version: "1.0.0" });
const report = (step, value) => console.log(JSON.stringify({ step, value }));
const call = async (name, args = {}) => {
  const result = await client.callTool({ name, arguments: args });
  const text = result.content.filter((c) => c.type === "text").map((c) => c.text).join("");
  return result.isError ? { error: text } : JSON.parse(text);
};

await client.connect(transport);
report("server", client.getServerVersion());
report("tools", (await client.listTools()).tools.map((t) => t.name).sort());

const facts = [
  "The user's favourite text editor is Neovim, configured with the LazyVim distribution.",
  "The production database is PostgreSQL 16 running in the Frankfurt region.",
  "Team deployments happen every Tuesday right after the morning standup.",
];
const ids = [];
for (const content of facts) {
  ids.push((await call("memory_store", { content })).id);
}
report("stored", ids);
report("recalled", await call("memory_recall", { query: "which code editor does the user like to use?", limit: 1 }));
report("forgotten", await call("memory_forget", { id: ids[0] }));
report("get_forgotten", await call("memory_get", { id: ids[0] }));

// Usage reaches the counts through the queue, batches in any order; poll for up to 30 s until all are in.
const expected = { "mcp.memory_store": 3, "mcp.memory_recall": 1, "mcp.memory_forget": 1, "mcp.memory_get": 1 };
let usage;
for (let attempt = 0; attempt < 60; attempt++) {
  usage = await call("account_usage");
  const counts = usage.requests?.by_function ?? {};
  if (Object.entries(expected).every(([name, count]) => (counts[name] ?? 0) >= count)) break;
  await new Promise((resolve) => setTimeout(resolve, 500));
}
report("usage", usage);
await client.close();
