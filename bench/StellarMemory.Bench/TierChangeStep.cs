namespace StellarMemory.Bench;

/// <summary>One webhook of the tier-change lag scenario: the first creates the subscription, each later one
/// moves it to the other paid plan, so every event changes the account's tier.</summary>
public sealed record TierChangeStep(int Index, string EventType, string Tier)
{
    public static IEnumerable<TierChangeStep> Plan(int events) => Enumerable.Range(0, events).Select(i => new TierChangeStep(i,
        i == 0 ? "customer.subscription.created" : "customer.subscription.updated",
        i % 2 == 0 ? "pro" : "team"));
}
