using Npgsql;
using StellarMemory.Core.Billing;

namespace StellarMemory.Core.Operations;

/// <summary>Builds the <see cref="RevenueReport"/> from what we recorded ourselves (<c>subscriptions</c>,
/// <c>subscription_events</c>, <c>toss_charges</c>), never from a provider's dashboard.
/// <list type="bullet">
/// <item><b>Live</b>: a subscription is live now when the tier rules say so (<see cref="TierResolver.IsLive"/>:
/// active, also when cancelled until its period end, or past due within the grace period). In the monthly history
/// it is live from an event that leaves it active or past due until an event that leaves it in any other state
/// (the expiry timer records the end of a cancelled or lapsed one).</item>
/// <item><b>MRR</b>: the catalogue's monthly price of every live subscription, in the currency its provider bills
/// (Toss in KRW, Stripe and Lemon Squeezy in USD); ARR is twelve times it. A subscription cancelled at its period
/// end counts until it ends.</item>
/// <item><b>Active</b> counts live active subscriptions not cancelled; <b>cancelled at period end</b> live active ones
/// that will not renew; <b>past due</b> live past-due ones.</item>
/// <item><b>Subscriber</b>: an account is a subscriber (in a currency) while any of its subscriptions (billed in
/// that currency) is live. <b>New</b>: it becomes one for the first time; <b>reactivated</b>: it becomes one again
/// after having churned; <b>churned</b>: it stops being one. Each change counts in the month it happened, so an
/// account that churns and returns within a month counts once in each.</item>
/// <item><b>Failed renewals</b>: Toss renewal charges that failed, with Toss's failure code as the reason; for the
/// providers that renew themselves, each move of a subscription into past due, with the event that moved it as
/// the reason. <b>Recovered</b>: a past-due subscription that became active again.</item>
/// <item><b>Refunds</b>: Toss charges Toss confirmed cancelled, by the month we learned it. Stripe and Lemon
/// Squeezy refunds are not recorded by us, so they are not here.</item>
/// </list></summary>
public sealed class RevenueReporter(NpgsqlDataSource dataSource, BillingOptions options, TimeProvider time)
{
    private static readonly string[] Currencies = [Money.Usd, Money.Krw];

    private sealed record Event(Guid Subscription, Guid Account, string Provider, string Status, string Plan, DateTimeOffset At, string Source);

    private sealed record Charge(string Status, string? Failure, long Amount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool Renewal);

    public async Task<RevenueReport> BuildAsync(MonthRange range, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = await CurrentAsync(cancellationToken);
        var events = await EventsAsync(cancellationToken);
        var charges = await ChargesAsync(cancellationToken);

        var overall = Movements(events, range);
        var currencies = Currencies.Select(currency =>
        {
            var live = current.Where(s => Money.CurrencyOf(s.Provider) == currency && TierResolver.IsLive(s.State, now, options.Grace)).ToList();
            var mrr = live.Sum(s => Money.MonthlyPrice(s.Provider, s.State.Plan));
            var byPlan = live.GroupBy(s => (s.Provider, s.State.Plan)).OrderBy(g => g.Key.Provider).ThenBy(g => g.Key.Plan)
                .Select(g => new RevenueLine(g.Key.Provider, g.Key.Plan, g.Count(),
                    Money.Of(currency, g.Sum(s => Money.MonthlyPrice(s.Provider, s.State.Plan)))))
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
        var events = all.Where(e => Money.CurrencyOf(e.Provider) == currency).ToList();
        var movements = Movements(events, range);
        var tossCurrency = currency == Money.Krw;
        return movements.Select(m =>
        {
            var failures = new List<(string Provider, string Reason)>();
            if (tossCurrency)
            {
                failures.AddRange(charges.Where(c => c.Renewal && c.Status == "FAILED" && MonthRange.MonthOf(c.CreatedAt) == m.Month)
                    .Select(c => (BillingProvider.Toss, c.Failure ?? "unknown")));
            }
            failures.AddRange(m.PastDue);
            var refunds = tossCurrency
                ? charges.Where(c => c.Status == "CANCELED" && MonthRange.MonthOf(c.UpdatedAt) == m.Month).ToList()
                : [];
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
    private static List<MonthTally> Movements(IReadOnlyList<Event> ordered, MonthRange range)
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
                if (!wasPastDue && e.Status == SubscriptionStatus.PastDue && e.Provider != BillingProvider.Toss)
                {
                    month.PastDue.Add((e.Provider, e.Source));
                }
                if (wasPastDue && e.Status == SubscriptionStatus.Active)
                {
                    month.Recovered++;
                }
            }
            month.MrrAtEnd = last.Values.Where(e => IsLive(e.Status)).Sum(e => Money.MonthlyPrice(e.Provider, e.Plan));
        }
        return months;
    }

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
        await using var command = dataSource.CreateCommand(
            "SELECT status, failure, amount, created_at, updated_at, order_id LIKE 'renew-%' FROM toss_charges");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            charges.Add(new Charge(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetBoolean(5)));
        }
        return charges;
    }
}
