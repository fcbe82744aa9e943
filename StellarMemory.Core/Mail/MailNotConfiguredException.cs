namespace StellarMemory.Core.Mail;

/// <summary>No SMTP host is configured: the message waits and is retried, as in an outage of the relay.</summary>
public sealed class MailNotConfiguredException() : InvalidOperationException("No SMTP host is configured (setting Mail:Host).");
