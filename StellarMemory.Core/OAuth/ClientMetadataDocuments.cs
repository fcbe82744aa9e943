using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;

namespace StellarMemory.Core.OAuth;

/// <summary>OAuth Client ID Metadata Documents, which the MCP authorization specification asks servers to support: a
/// client whose <c>client_id</c> is an https URL with a path is described by the JSON document at that URL, fetched
/// here (5 s, 5 KB, no redirects, never an address on a private, loopback or link-local network, checked at connect
/// time so a DNS answer cannot change under us), kept 5 minutes, and saved as a client so grants can refer to it.
/// The document must name itself as <c>client_id</c> and list redirect URIs our rule allows.
/// <c>OAuth:AllowLoopbackClientMetadata</c> (tests only) also accepts http documents on the loopback interface.</summary>
public sealed class ClientMetadataDocuments(OAuthClientRegistry registry, IMemoryCache cache, IConfiguration configuration)
{
    public const int MaxBytes = 5 * 1024;
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);
    private readonly bool _allowLoopback = configuration.GetValue("OAuth:AllowLoopbackClientMetadata", false);
    private readonly HttpClient _http = CreateClient(configuration.GetValue("OAuth:AllowLoopbackClientMetadata", false));

    public bool IsDocumentUrl(string? clientId) =>
        Uri.TryCreate(clientId, UriKind.Absolute, out var uri) && uri.AbsolutePath.Length > 1 && uri.Fragment.Length == 0
        && string.IsNullOrEmpty(uri.UserInfo)
        && (uri.Scheme == Uri.UriSchemeHttps || (_allowLoopback && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    /// <summary>The client the document describes, or null when it cannot be fetched or is not a valid document.</summary>
    public async Task<OAuthClient?> ResolveAsync(string clientId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(CacheKey(clientId), out OAuthClient? cached))
        {
            return cached;
        }
        var (name, redirectUris) = await FetchAsync(clientId, cancellationToken);
        if (redirectUris is null)
        {
            return null;
        }
        var client = await registry.SaveDocumentClientAsync(clientId, name, redirectUris, cancellationToken);
        cache.Set(CacheKey(clientId), client, CacheFor);
        return client;
    }

    private async Task<(string? Name, IReadOnlyList<string>? RedirectUris)> FetchAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxBytes)
            {
                return default;
            }
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            var buffer = new byte[MaxBytes + 1];
            var read = 0;
            int chunk;
            while (read < buffer.Length && (chunk = await stream.ReadAsync(buffer.AsMemory(read), timeout.Token)) > 0)
            {
                read += chunk;
            }
            if (read > MaxBytes)
            {
                return default;
            }
            using var document = JsonDocument.Parse(buffer.AsMemory(0, read));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("client_id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() != url
                || !root.TryGetProperty("redirect_uris", out var uris) || uris.ValueKind != JsonValueKind.Array)
            {
                return default;
            }
            var redirectUris = uris.EnumerateArray().Select(u => u.ValueKind == JsonValueKind.String ? u.GetString() : null).ToList();
            if (!RedirectUriRule.AreAllowed(redirectUris))
            {
                return default;
            }
            var name = root.TryGetProperty("client_name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            return (name ?? new Uri(url).Host, redirectUris!);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException or IOException
            && !cancellationToken.IsCancellationRequested)
        {
            return default;
        }
    }

    private static string CacheKey(string clientId) => "oauth-client-document:" + clientId;

    private static HttpClient CreateClient(bool allowLoopback) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        // The address is checked where the connection is made, so the name cannot resolve one way for a check and
        // another for the request.
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            var address = addresses.FirstOrDefault(a => (allowLoopback && IPAddress.IsLoopback(a)) || IsPublic(a))
                ?? throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves to no public address.");
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        Timeout = TimeSpan.FromSeconds(10),
        MaxResponseContentBufferSize = MaxBytes,
    };

    private static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || address.IsIPv6UniqueLocal || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Any))
        {
            return false;
        }
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return true;
        }
        var b = address.GetAddressBytes();
        return !(b[0] is 0 or 10 or 127 || b[0] >= 224
            || (b[0] == 100 && b[1] >= 64 && b[1] < 128)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 172 && b[1] >= 16 && b[1] < 32)
            || (b[0] == 192 && b[1] == 168));
    }
}
