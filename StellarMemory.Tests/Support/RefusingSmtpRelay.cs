using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StellarMemory.Tests.Support;

/// <summary>An SMTP relay on a loopback port that accepts the conversation up to the recipient and then refuses it
/// for now, quoting the address in its reply as real relays do ("450 4.2.0 &lt;ana@example.com&gt;: mailbox busy").
/// Counts the refusals, so a test can wait for the app's retries.</summary>
public sealed class RefusingSmtpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _refusals;

    public RefusingSmtpRelay()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Refusals => Volatile.Read(ref _refusals);

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ConverseAsync(client);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ConverseAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 relay.test ESMTP");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                if (verb is "EHLO" or "HELO")
                {
                    await writer.WriteLineAsync("250 relay.test");
                }
                else if (verb == "RCPT")
                {
                    var address = line[(line.IndexOf('<') + 1)..line.IndexOf('>')];
                    Interlocked.Increment(ref _refusals);
                    await writer.WriteLineAsync($"450 4.2.0 <{address}>: Recipient address rejected: mailbox busy");
                }
                else if (verb == "QUIT")
                {
                    await writer.WriteLineAsync("221 bye");
                    return;
                }
                else
                {
                    await writer.WriteLineAsync("250 OK");
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
