using StellarMemory.Core.Storage;

namespace StellarMemory.Functions;

/// <summary>Default values of the settings that triggers name with <c>%Setting%</c> (queue names,
/// schedules). The portable host applies them beneath every other source; under the Functions host
/// they are app settings (local.settings.sample.json, infra/).</summary>
public static class BindingDefaults
{
    public const string UsageRollupSchedule = "UsageRollupSchedule";
    public const string ReorbitSchedule = "ReorbitSchedule";
    public const string ReembedSchedule = "ReembedSchedule";
    public const string WebhookSweepSchedule = "WebhookSweepSchedule";
    public const string TossRenewalSchedule = "TossRenewalSchedule";
    public const string SubscriptionExpirySchedule = "SubscriptionExpirySchedule";

    public static IReadOnlyDictionary<string, string?> Values { get; } =
        new Dictionary<string, string?>(QueueNames.Defaults)
        {
            [UsageRollupSchedule] = "0 5 0 * * *",
            [ReorbitSchedule] = "0 17 * * * *",
            [ReembedSchedule] = "*/30 * * * * *",
            [WebhookSweepSchedule] = "*/30 * * * * *",
            [TossRenewalSchedule] = "0 0 * * * *",
            [SubscriptionExpirySchedule] = "0 */5 * * * *",
        };
}
