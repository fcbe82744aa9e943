using Microsoft.AspNetCore.Http;

namespace StellarMemory.Functions.Functions.Webhooks;

/// <summary>Reads a webhook's raw body, byte for byte, as signatures are computed over it.</summary>
public static class WebhookBody
{
    public const int MaxBytes = 512 * 1024;

    /// <summary>The body, or null when it is larger than any provider sends.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
