using Npgsql;
using StellarMemory.Core.Billing;
using StellarMemory.Core.Plans;

namespace StellarMemory.Core.Operations;

/// <summary>Builds the <see cref="RevenueReport"/> from what we recorded ourselves (<c>subscriptions</c>,
/// <c>subscription_events</c>, and the charges we made ourselves: <see cref="IPaymentProvider.RecordedChargesAsync"/>),
/// never from a provider's dashboard. Prices, currencies and how each provider renews come from the providers.
/// <list type="bullet">
/// <item><b>Live</b>: a subscription is live now when the tier rules say so (<see cref="TierResolver.IsLive"/>:
/// active, also when cancelled until its period end, or past due within the grace period). In the monthly history
/// it is live from an event that leaves it active or past due until an event that leaves it in any other state
/// (the expiry timer records the end of a cancelled or lapsed one).</item>
/// <item><b>MRR</b>: the monthly price of every live subscription, as its provider charges it
/// (<see cref="IPaymentProvider.PriceOf"/>), in that provider's currency; ARR is twelve times it. A subscription cancelled at its period
/// end counts until it ends.</item>
/// <item><b>Active</b> counts live active subscriptions not cancelled; <b>cancelled at period end</b> live active ones
/// that will not renew; <b>past due</b> live past-due ones.</item>
/// <item><b>Subscriber</b>: an account is a subscriber (in a currency) while any of its subscriptions (billed in
/// that currency) is live. <b>New</b>: it becomes one for the first time; <b>reactivated</b>: it becomes one again
/// after having churned; <b>churned</b>: it stops being one. Each change counts in the month it happened, so an
/// account that churns and returns within a month counts once in each.</item>
/// <item><b>Failed renewals</b>: for a provider whose renewals we charge ourselves (Toss), those charges that failed,
/// with the provider's failure code as the reason; for the providers that renew themselves, each move of a
/// subscription into past due, with the event that moved it as the reason. <b>Recovered</b>: a past-due
/// subscription that became active again.</item>
/// <item><b>Refunds</b>: charges we made that the provider confirmed refunded, by the month we learned it. Refunds
/// of providers that renew themselves are not recorded by us, so they are not here.</item>
/// </list></summary>
public sealed class RevenueReporter(NpgsqlDataSource dataSource, BillingOptions options, PaymentProviders providers, TimeProvider time)
{
    private sealed record Event(Guid Subscription, Guid Account, string Provider, string Status, string Plan, DateTimeOffset At, string Source);

    private sealed record Charge(string Provider, RecordedCharge Recorded);

    public async Task<RevenueReport> BuildAsync(MonthRange range, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = await CurrentAsync(cancellationToken);
        var events = await EventsAsync(cancellationToken);
        var charges = await ChargesAsync(cancellationToken);

        var overall = Movements(events, range);
        var currencies = BillingProvider.All.Select(CurrencyOf).Distinct().Select(currency =>
        {
            var live = current.Where(s => CurrencyOf(s.Provider) == currency && TierResolver.IsLive(s.State, now, options.Grace)).ToList();
            var mrr = live.Sum(s => MonthlyPrice(s.Provider, s.State.Plan));
            var byPlan = live.GroupBy(s => (s.Provider, s.State.Plan)).OrderBy(g => g.Key.Provider).ThenBy(g => g.Key.Plan)
                .Select(g => new RevenueLine(g.Key.Provider, g.Key.Plan, g.Count(),
                    Money.Of(currency, g.Sum(s => MonthlyPrice(s.Provider, s.State.Plan)))))
                .ToList();
            return new CurrencyRevenue(currency, Money.Of(currency, mrr), Money.Of(currency, mrr * 12),
                live.Count(s => s.State.Status == SubscriptionStatus.Active && !s.State.CancelAtPeriodEnd),
                null,
                live.Count(s => s.State.Status == SubscriptionStatus.PastDue),
                live.Count(s => s.State.Status == SubscriptionStatus.Active && s.State.CancelAtPeriodEnd),
                byPlan,
                CurrencyMonths(currency, events, charges, range));
        }).ToList();
        return new RevenueReport(now, MonthRange.Name(range.From), MonthRange.Name(range.To),
            overall.Select(m => new SubscriberMonth(MonthRange.Name(m.Month), m.New, m.Churned, m.Reactivated)).ToList(),
            currencies);
    }

    private List<CurrencyMonth> CurrencyMonths(string currency, IReadOnlyList<Event> all, IReadOnlyList<Charge> charges, MonthRange range)
    {
        var events = all.Where(e => CurrencyOf(e.Provider) == currency).ToList();
        var movements = Movements(events, range);
        var ours = charges.Where(c => CurrencyOf(c.Provider) == currency).ToList();
        return movements.Select(m =>
        {
            var failures = ours.Where(c => c.Recorded.Renewal && c.Recorded.Failed && MonthRange.MonthOf(c.Recorded.CreatedAt) == m.Month)
                .Select(c => (Provider: c.Provider, Reason: c.Recorded.Failure ?? "unknown")).Concat(m.PastDue).ToList();
            var refunds = ours.Where(c => c.Recorded.Refunded && MonthRange.MonthOf(c.Recorded.UpdatedAt) == m.Month)
                .Select(c => c.Recorded).ToList();
            return new CurrencyMonth(MonthRange.Name(m.Month), m.New, m.Churned, m.Reactivated, Money.Of(currency, m.MrrAtEnd),
                failures.Count,
                failures.GroupBy(f => f).OrderBy(g => g.Key.Provider).ThenBy(g => g.Key.Reason)
                    .Select(g => new FailureReason(g.Key.Provider, g.Key.Reason, g.Count())).ToList(),
                m.Recovered, refunds.Count, Money.Of(currency, refunds.Sum(r => r.Amount)));
        }).ToList();
    }

    private sealed class MonthTally(DateOnly month)
    {
        public DateOnly Month { get; } = month;
        public int New { get; set; }
        public int Churned { get; set; }
        public int Reactivated { get; set; }
        public int Recovered { get; set; }
        public long MrrAtEnd { get; set; }
        public List<(string Provider, string Reason)> PastDue { get; } = [];
    }

    /// <summary>Replays the events in order, keeping each subscription's last state, and counts per month of the
    /// range the subscriber movements of accounts, the moves into and out of past due, and the MRR at the month's end.</summary>
    private List<MonthTally> Movements(IReadOnlyList<Event> ordered, MonthRange range)
    {
        var months = range.Months().Select(m => new MonthTally(m)).ToList();
        var last = new Dictionary<Guid, Event>();
        var liveByAccount = new Dictionary<Guid, HashSet<Guid>>();
        var everSubscribed = new HashSet<Guid>();
        var index = 0;
        foreach (var month in months)
        {
            var end = MonthRange.Start(month.Month.AddMonths(1));
            for (; index < ordered.Count && ordered[index].At < end; index++)
            {
                var e = ordered[index];
                var counted = MonthRange.MonthOf(e.At) == month.Month;
                last.TryGetValue(e.Subscription, out var before);
                last[e.Subscription] = e;
                var live = liveByAccount.TryGetValue(e.Account, out var set) ? set : liveByAccount[e.Account] = [];
                var wasSubscriber = live.Count > 0;
                if (IsLive(e.Status))
                {
                    live.Add(e.Subscription);
                }
                else
                {
                    live.Remove(e.Subscription);
                }
                var isSubscriber = live.Count > 0;
                if (!counted)
                {
                    if (isSubscriber)
                    {
                        everSubscribed.Add(e.Account);
                    }
                    continue;
                }
                if (!wasSubscriber && isSubscriber)
                {
                    if (everSubscribed.Add(e.Account))
                    {
                        month.New++;
                    }
                    else
                    {
                        month.Reactivated++;
                    }
                }
                else if (wasSubscriber && !isSubscriber)
                {
                    month.Churned++;
                }
                var wasPastDue = before?.Status == SubscriptionStatus.PastDue;
                if (!wasPastDue && e.Status == SubscriptionStatus.PastDue && providers.Get(e.Provider).RenewsItself)
                {
                    month.PastDue.Add((e.Provider, e.Source));
                }
                if (wasPastDue && e.Status == SubscriptionStatus.Active)
                {
                    month.Recovered++;
                }
            }
            month.MrrAtEnd = last.Values.Where(e => IsLive(e.Status)).Sum(e => MonthlyPrice(e.Provider, e.Plan));
        }
        return months;
    }

    private string CurrencyOf(string provider) => providers.Get(provider).Currency;

    private long MonthlyPrice(string provider, string plan) => providers.Get(provider).PriceOf(PlanCatalog.ForTier(plan)).Amount;

    private static bool IsLive(string status) => status is SubscriptionStatus.Active or SubscriptionStatus.PastDue;

    private async Task<List<(string Provider, SubscriptionState State)>> CurrentAsync(CancellationToken cancellationToken)
    {
        var rows = new List<(string, SubscriptionState)>();
        await using var command = dataSource.CreateCommand(
            "SELECT provider, plan, status, current_period_end, cancel_at_period_end, past_due_since FROM subscriptions");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), new SubscriptionState(reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.GetBoolean(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5))));
        }
        return rows;
    }

    private async Task<List<Event>> EventsAsync(CancellationToken cancellationToken)
    {
        // The whole history is read: subscriber movements depend on everything before the range.
        var events = new List<Event>();
        await using var command = dataSource.CreateCommand("""
            SELECT e.subscription_id, e.account_id, s.provider, e.status, e.plan, e.occurred_at, COALESCE(e.source, e.kind)
            FROM subscription_events e JOIN subscriptions s ON s.id = e.subscription_id
            ORDER BY e.occurred_at, e.id
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new Event(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetString(6)));
        }
        return events;
    }

    private async Task<List<Charge>> ChargesAsync(CancellationToken cancellationToken)
    {
        var charges = new List<Charge>();
        foreach (var provider in BillingProvider.All)
        {
            charges.AddRange((await providers.Get(provider).RecordedChargesAsync(cancellationToken)).Select(c => new Charge(provider, c)));
        }
        return charges;
    }
}
