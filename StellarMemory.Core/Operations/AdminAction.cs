namespace StellarMemory.Core.Operations;

/// <summary>One admin action as the audit records it: who, what (<see cref="Name"/>), on what (<see cref="Target"/>,
/// such as <c>account:&lt;id&gt;</c>) and why.</summary>
public sealed record AdminAction(AdminActor Actor, string Name, string Target, string Reason)
{
    public static string Account(Guid id) => "account:" + id;
    public static string Subscription(Guid id) => "subscription:" + id;
    public static string WebhookEvent(Guid id) => "webhook-event:" + id;
    public static string AdminRole(Guid accountId) => "admin-role:" + accountId;
}
