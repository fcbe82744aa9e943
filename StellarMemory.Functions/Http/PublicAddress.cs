using Microsoft.Extensions.Configuration;

namespace StellarMemory.Functions.Http;

/// <summary>The address clients reach this deployment at, for URLs we hand out. A configured
/// <c>Billing:PublicBaseUrl</c> wins, because behind a TLS-terminating front end the request itself says
/// http and its Host header is whatever the client sent; without one (local runs) the request's own address is used.</summary>
public sealed class PublicAddress(IConfiguration configuration)
{
    private readonly string? _configured = configuration["Billing:PublicBaseUrl"] is { Length: > 0 } url ? url.TrimEnd('/') : null;

    public string BaseUrl(HttpRequest request) => _configured ?? $"{request.Scheme}://{request.Host}";
}
