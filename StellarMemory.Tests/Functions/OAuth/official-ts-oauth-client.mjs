// Connects to /mcp as a hosted assistant's connector does, with the official TypeScript MCP SDK (pinned in
// package.json) and its OAuth client provider: given only the URL, it discovers the metadata, registers, sends the
// user to authorize, exchanges the code and calls the tools. The browser part is the test's: this script prints the
// authorization URL as a step and reads the code the redirect brought back from its stdin.
//   node official-ts-oauth-client.mjs <endpoint> <redirect-url>
// One line of JSON per step on stdout, for OAuthTypeScriptClientTests to check.
import { createInterface } from "node:readline";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";

const endpoint = new URL(process.argv[2]);
const redirectUrl = process.argv[3];
const report = (step, value) => console.log(JSON.stringify({ step, value }));
const lines = createInterface({ input: process.stdin });
const input = lines[Symbol.asyncIterator]();

// What a connector keeps between the redirect and the callback, in memory here.
const kept = {};
const provider = {
  get redirectUrl() { return redirectUrl; },
  get clientMetadata() {
    return {
      client_name: "TypeScript SDK connector",
      redirect_uris: [redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  },
  state: () => "state-from-the-sdk-client",
  clientInformation: () => kept.client,
  saveClientInformation: (info) => { kept.client = info; report("registered", info.client_id); },
  tokens: () => kept.tokens,
  saveTokens: (tokens) => { kept.tokens = tokens; },
  redirectToAuthorization: (url) => report("authorize", url.href),
  saveCodeVerifier: (verifier) => { kept.verifier = verifier; },
  codeVerifier: () => kept.verifier,
};

const connect = async () => {
  const transport = new StreamableHTTPClientTransport(endpoint, { authProvider: provider });
  const client = new Client({ name: "stellar-memory-oauth-interop", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport };
};

let connection;
try {
  connection = await connect();
  throw new Error("connected without authorizing");
} catch (error) {
  if (!(error instanceof UnauthorizedError)) throw error;
}
const code = (await input.next()).value;
lines.close();
const pending = new StreamableHTTPClientTransport(endpoint, { authProvider: provider });
await pending.finishAuth(code);
connection = await connect();
const { client } = connection;

const call = async (name, args = {}) => {
  const result = await client.callTool({ name, arguments: args });
  const text = result.content.filter((c) => c.type === "text").map((c) => c.text).join("");
  return result.isError ? { error: text } : JSON.parse(text);
};
report("tools", (await client.listTools()).tools.map((t) => t.name).sort());
const stored = [];
for (const content of [
  "The user's favourite text editor is Neovim, configured with the LazyVim distribution.",
  "Team deployments happen every Tuesday right after the morning standup.",
]) {
  stored.push((await call("memory_store", { content })).id);
}
report("stored", stored);
report("recalled", await call("memory_recall", { query: "which code editor does the user like to use?", limit: 1 }));
report("tokens", { access_token: kept.tokens.access_token, refresh_token: kept.tokens.refresh_token, scope: kept.tokens.scope });
await client.close();
