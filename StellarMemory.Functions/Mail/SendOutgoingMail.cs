using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using StellarMemory.Core.Mail;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Functions.Mail;

/// <summary>Delivers one queued mail over SMTP. While the relay is down (or refuses for now) the message comes back
/// with backoff (<c>Mail:RetryFirstSeconds</c>, doubling to every 30 minutes); after <c>Mail:MaxAttempts</c> attempts,
/// or at once when the relay refuses it for good, it goes to <c>outgoing-mail-poison</c>.</summary>
public sealed class SendOutgoingMail(SmtpMailSender sender, MailOptions options, QueueRetry retry, QueueNames queues,
    TimeProvider time, ILogger<SendOutgoingMail> logger)
{
    [Function(nameof(SendOutgoingMail))]
    public Task Run([QueueTrigger("%OutgoingMailQueue%")] OutgoingMail mail, CancellationToken cancellationToken) =>
        MessageTrace.RunAsync(logger, nameof(SendOutgoingMail), mail.TraceParent, mail.CorrelationId, async () =>
        {
            try
            {
                await sender.SendAsync(mail, cancellationToken);
                logger.LogInformation("Sent {Kind} mail {MailId}", mail.Kind, mail.Id);
            }
            catch (SmtpCommandException refused) when ((int)refused.StatusCode >= 500 && !cancellationToken.IsCancellationRequested)
            {
                // A permanent refusal (no such mailbox, policy): another attempt would get the same answer.
                await retry.PoisonAsync(queues.OutgoingMail, System.Text.Json.JsonSerializer.Serialize(mail),
                    $"the relay refused {mail.Kind} mail {mail.Id} ({(int)refused.StatusCode})", cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var attempt = mail.Attempt + 1;
                var first = mail.FirstFailedAt ?? time.GetUtcNow();
                var next = mail with { Attempt = attempt, FirstFailedAt = first };
                if (attempt >= options.MaxAttempts)
                {
                    await retry.PoisonAsync(queues.OutgoingMail, System.Text.Json.JsonSerializer.Serialize(next),
                        $"{mail.Kind} mail {mail.Id} failed {attempt} times: {MailDeliveryFailure.Describe(ex).Message}", cancellationToken);
                    return;
                }
                await retry.RetryOrPoisonAsync(queues.OutgoingMail, next, attempt, first, options.Retry,
                    MailDeliveryFailure.Describe(ex), cancellationToken);
            }
        });
}
