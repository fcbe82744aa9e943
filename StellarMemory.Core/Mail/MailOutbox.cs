using System.Text.Json;
using Microsoft.Extensions.Logging;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Core.Mail;

/// <summary>Puts mail on the outgoing-mail queue, off the request path. A request never fails because of mail: when
/// even the queue is unreachable the message is dropped with an error log (every mail we send can be asked for
/// again: a new verification or sign-in link).</summary>
public sealed class MailOutbox(QueueClientFactory queues, QueueNames queueNames, ILogger<MailOutbox> logger)
{
    public async Task<bool> EnqueueAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var traced = mail with
        {
            TraceParent = MessageTrace.CurrentTraceParent(),
            CorrelationId = MessageTrace.CurrentCorrelationId(),
        };
        try
        {
            await queues.Get(queueNames.OutgoingMail).SendCreatingAsync(JsonSerializer.Serialize(traced), null, cancellationToken);
            return true;
        }
        catch (Exception ex) when (TransientFailure.Is(ex) && !cancellationToken.IsCancellationRequested)
        {
            logger.LogError("Could not queue {Kind} mail {MailId}: {Reason}", mail.Kind, mail.Id, ex.Message);
            return false;
        }
    }
}
