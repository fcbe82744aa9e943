using System.Net;
using System.Text;
using System.Text.Json;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.OAuth;

/// <summary>A client known by the URL of its client ID metadata document, with no registration: the server fetches
/// the document, names the client from it on the consent page, and holds it to the redirect URIs it lists.</summary>
public sealed class ClientMetadataDocumentTests(OAuthFixture oauth) : IClassFixture<OAuthFixture>
{
    private const string Redirect = "http://127.0.0.1:45174/callback";

    [Fact]
    public async Task A_client_named_by_its_metadata_document_url_is_authorized_and_gets_tokens()
    {
        using var server = DocumentServer.Start((url) => new { client_id = url, client_name = "Metadata client", redirect_uris = new[] { Redirect } });
        var (_, email) = await oauth.AccountAsync();
        var (verifier, challenge) = OAuthFixture.Pkce();
        using var browser = oauth.Browser();
        var back = await oauth.SignInAndAllowAsync(browser, oauth.AuthorizeUrl(server.Url, Redirect, challenge), email, 2);
        var exchanged = await oauth.TokenAsync(("grant_type", "authorization_code"), ("code", OAuthFixture.QueryValue(back, "code")),
            ("redirect_uri", Redirect), ("code_verifier", verifier), ("client_id", server.Url));
        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        var token = (await StellarApi.JsonAsync(exchanged)).GetProperty("access_token").GetString();
        Assert.Equal(HttpStatusCode.OK, (await McpCalls.InitializeAsync(oauth.Client, token)).StatusCode);
    }

    [Fact]
    public async Task A_document_that_names_another_client_id_or_redirect_is_refused()
    {
        using var impostor = DocumentServer.Start(_ => new { client_id = "https://assistant.example.com/client.json", redirect_uris = new[] { Redirect } });
        using var browser = oauth.Browser();
        var refused = await browser.GetAsync(oauth.AuthorizeUrl(impostor.Url, Redirect, OAuthFixture.Pkce().Challenge));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("client_id", await refused.Content.ReadAsStringAsync());

        using var honest = DocumentServer.Start(url => new { client_id = url, redirect_uris = new[] { Redirect } });
        var elsewhere = await browser.GetAsync(oauth.AuthorizeUrl(honest.Url, "http://127.0.0.1:45175/elsewhere", OAuthFixture.Pkce().Challenge));
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Null(elsewhere.Headers.Location);
    }

    /// <summary>Serves one JSON document on a free loopback port, as a client would host its metadata.</summary>
    private sealed class DocumentServer : IDisposable
    {
        private readonly HttpListener _listener = new();

        public string Url { get; }

        private DocumentServer(Func<string, object> document)
        {
            var port = FreePorts.Take();
            Url = $"http://127.0.0.1:{port}/oauth/client-metadata.json";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(document(Url)));
            _ = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception) when (!_listener.IsListening)
                    {
                        return;
                    }
                    context.Response.ContentType = "application/json";
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
            });
        }

        public static DocumentServer Start(Func<string, object> document) => new(document);

        public void Dispose() => _listener.Close();
    }
}
