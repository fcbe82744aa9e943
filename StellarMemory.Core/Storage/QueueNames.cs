using Microsoft.Extensions.Configuration;

namespace StellarMemory.Core.Storage;

/// <summary>The queues the product uses. Names are app settings, so deployments (and tests) can keep
/// theirs apart; queue functions bind to the same settings with <c>%Setting%</c>.</summary>
public sealed class QueueNames(IConfiguration configuration)
{
    public const string UsageEventsSetting = "UsageEventsQueue";
    public const string WebhookEventsSetting = "WebhookEventsQueue";
    public const string OutgoingMailSetting = "OutgoingMailQueue";

    /// <summary>The defaults of every queue-name setting.</summary>
    public static IReadOnlyDictionary<string, string?> Defaults { get; } = new Dictionary<string, string?>
    {
        [UsageEventsSetting] = "usage-events",
        [WebhookEventsSetting] = "webhook-events",
        [OutgoingMailSetting] = "outgoing-mail",
    };

    public string UsageEvents => Resolve(UsageEventsSetting);

    public string WebhookEvents => Resolve(WebhookEventsSetting);

    public string OutgoingMail => Resolve(OutgoingMailSetting);

    public IEnumerable<string> All => Defaults.Keys.Select(Resolve);

    private string Resolve(string setting) => configuration[setting] is { Length: > 0 } name ? name : Defaults[setting]!;
}
