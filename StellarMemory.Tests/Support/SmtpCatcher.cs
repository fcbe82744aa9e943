using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using netDumbster.smtp;

namespace StellarMemory.Tests.Support;

/// <summary>A real SMTP server in the test process (netDumbster) on a free loopback port: the app delivers to it over
/// SMTP exactly as to a relay, and tests read what arrived.</summary>
public sealed class SmtpCatcher : IDisposable
{
    private readonly SimpleSmtpServer _server;
    private readonly Lock _lock = new();
    private readonly List<MimeMessage> _received = [];

    private SmtpCatcher(SimpleSmtpServer server)
    {
        _server = server;
        // In arrival order (the server's own store is unordered).
        _server.MessageReceived += (_, e) =>
        {
            var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(e.Message.Data)));
            lock (_lock)
            {
                _received.Add(message);
            }
        };
    }

    public int Port => _server.Configuration.Port;

    public static SmtpCatcher Start(int? port = null) => new(
        (port is { } fixedPort ? Configuration.Configure().WithPort(fixedPort) : Configuration.Configure().WithRandomPort()).Build());

    /// <summary>The settings that point the app's mail at a catcher on <paramref name="port"/>.</summary>
    public static Dictionary<string, string?> SettingsFor(int port) => new()
    {
        ["Mail:Host"] = "127.0.0.1",
        ["Mail:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:TlsMode"] = "None",
        ["Mail:From"] = "no-reply@stellar.test",
        ["Mail:RetryFirstSeconds"] = "0.2",
        ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
    };

    public Dictionary<string, string?> Settings => SettingsFor(Port);

    public IReadOnlyList<MimeMessage> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    public IReadOnlyList<MimeMessage> To(string address) =>
        Messages.Where(m => m.To.Mailboxes.Any(b => b.Address.Equals(address, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>Waits for the <paramref name="count"/>-th mail to <paramref name="address"/> and returns it.</summary>
    public async Task<MimeMessage> WaitForAsync(string address, int count = 1)
    {
        var mails = await Eventually.GetAsync(() => Task.FromResult(To(address)), m => m.Count >= count,
            TimeSpan.FromSeconds(30), $"mail #{count} to {address}");
        return mails[count - 1];
    }

    /// <summary>The one-time token of the link to <paramref name="path"/> in a mail's text.</summary>
    public static string TokenIn(MimeMessage mail, string path)
    {
        var match = Regex.Match(mail.TextBody ?? "", Regex.Escape(path) + @"\?token=([0-9A-Za-z]+)");
        Assert.True(match.Success, $"no {path} link in: {mail.TextBody}");
        return match.Groups[1].Value;
    }

    public void Dispose() => _server.Dispose();
}
