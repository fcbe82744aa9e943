using MailKit.Security;
using Microsoft.Extensions.Configuration;
using StellarMemory.Core.Storage;

namespace StellarMemory.Core.Mail;

/// <summary>Where outgoing mail goes: any SMTP relay (Azure Communication Services Email, SendGrid, a local mail
/// catcher), settings under <c>Mail:</c>. Without a host nothing can be sent and messages wait on their queue, retried
/// like an outage, until one is configured or they run out of attempts.</summary>
public sealed record MailOptions(
    string? Host,
    int Port,
    SecureSocketOptions Tls,
    string? User,
    string? Password,
    string FromAddress,
    string FromName,
    int MaxAttempts,
    RetrySchedule Retry)
{
    public bool Configured => !string.IsNullOrWhiteSpace(Host);

    public static MailOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Mail");
        var tls = section["TlsMode"] is { Length: > 0 } mode
            ? Enum.Parse<SecureSocketOptions>(mode, ignoreCase: true)
            : SecureSocketOptions.StartTlsWhenAvailable;
        var first = TimeSpan.FromSeconds(section.GetValue("RetryFirstSeconds", 30.0));
        return new MailOptions(
            section["Host"],
            section.GetValue("Port", 587),
            tls,
            section["User"] is { Length: > 0 } user ? user : null,
            section["Password"] is { Length: > 0 } password ? password : null,
            section["From"] is { Length: > 0 } from ? from : "no-reply@stellarmemory.cloud",
            section["FromName"] is { Length: > 0 } name ? name : "Stellar Memory",
            Math.Max(1, section.GetValue("MaxAttempts", 10)),
            // 30 s doubling to every 30 minutes; attempts, not time, decide when a message is given up.
            new RetrySchedule(first, TimeSpan.FromMinutes(30), TimeSpan.FromDays(7)));
    }
}
