using MailKit.Net.Smtp;
using MimeKit;

namespace StellarMemory.Core.Mail;

/// <summary>Delivers one message over SMTP with MailKit: plain text plus HTML as alternatives, so every client shows
/// one of them.</summary>
public sealed class SmtpMailSender(MailOptions options)
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        if (!options.Configured)
        {
            throw new MailNotConfiguredException();
        }
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        // A stable id lets a relay or a reader recognise a message delivered twice after a retry.
        message.MessageId = $"{mail.Id:N}@{options.FromAddress.Split('@').Last()}";
        message.Body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html }.ToMessageBody();

        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync(options.Host!, options.Port, options.Tls, cancellationToken);
        if (options.User is not null)
        {
            await client.AuthenticateAsync(options.User, options.Password ?? "", cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
