namespace StellarMemory.Functions.Http;

/// <summary>Reads a raw request body, byte for byte, within a limit: the one bounded reader, for webhooks (whose
/// signatures are computed over the exact bytes) and for JSON bodies (<see cref="JsonBody"/>).</summary>
public static class RawBody
{
    /// <summary>Larger than any webhook a provider sends.</summary>
    public const int MaxWebhookBytes = 512 * 1024;

    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
