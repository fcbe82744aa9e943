using Microsoft.Extensions.Configuration;

namespace StellarMemory.Functions.Http;

/// <summary>The address a request came from. X-Forwarded-For is believed only when the setting
/// <c>Http:TrustForwardedFor</c> says a proxy we run sets it; then its last entry, the one our proxy
/// added, is the client.</summary>
public sealed class ClientAddress(IConfiguration configuration)
{
    public string Of(HttpRequest request)
    {
        if (configuration.GetValue("Http:TrustForwardedFor", false)
            && request.Headers["X-Forwarded-For"].ToString() is { Length: > 0 } forwarded)
        {
            var last = forwarded.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            if (System.Net.IPAddress.TryParse(last, out var address))
            {
                return address.ToString();
            }
        }
        return request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
