using System.Net.Sockets;
using MailKit.Net.Smtp;

namespace StellarMemory.Core.Mail;

/// <summary>A failed delivery told without the relay's own words. Relays quote the recipient in their replies
/// ("450 4.2.0 &lt;ana@example.com&gt;: mailbox busy"), and what we log or park in the poison queue must not carry an
/// address; the status code and the SMTP step say enough to act on.</summary>
public sealed class MailDeliveryFailure : Exception
{
    private MailDeliveryFailure(string message) : base(message)
    {
    }

    public static MailDeliveryFailure Describe(Exception failure) => new(failure switch
    {
        SmtpCommandException refused => $"the relay answered {(int)refused.StatusCode} ({refused.ErrorCode})",
        SmtpProtocolException => "the relay broke the SMTP protocol",
        SocketException socket => $"could not reach the relay ({socket.SocketErrorCode})",
        _ => $"delivery failed ({failure.GetType().Name})",
    });
}
