namespace StellarMemory.Core.Operations;

/// <summary>Revenue and subscribers from our own records, as of <see cref="AsOf"/>, with monthly figures for the
/// months <see cref="From"/> to <see cref="To"/>. Currencies are never added together.</summary>
/// <param name="Subscribers">Subscriber movements per month over every currency (see <see cref="RevenueReporter"/>).</param>
public sealed record RevenueReport(
    DateTimeOffset AsOf,
    string From,
    string To,
    IReadOnlyList<SubscriberMonth> Subscribers,
    IReadOnlyList<CurrencyRevenue> Currencies);

/// <summary>Accounts that became, became again, or stopped being subscribers in a month.</summary>
public sealed record SubscriberMonth(string Month, int New, int Churned, int Reactivated);

/// <summary>One currency's recurring revenue now, its subscriptions by state, by plan and provider, and by month.</summary>
/// <param name="Trialing">Always null: the providers' trials are recorded as active (see
/// <see cref="Billing.SubscriptionStatus.Active"/>), so we cannot tell them apart from our records.</param>
public sealed record CurrencyRevenue(
    string Currency,
    Money Mrr,
    Money Arr,
    int Active,
    int? Trialing,
    int PastDue,
    int CancelledAtPeriodEnd,
    IReadOnlyList<RevenueLine> ByPlan,
    IReadOnlyList<CurrencyMonth> Months);

/// <summary>Live subscriptions of one plan through one provider, and their monthly revenue.</summary>
public sealed record RevenueLine(string Provider, string Plan, int Subscriptions, Money Mrr);

/// <summary>One currency in one month: subscriber movements, renewals that failed (and why) or recovered, refunds,
/// and the MRR of the subscriptions live at the month's end.</summary>
public sealed record CurrencyMonth(
    string Month,
    int New,
    int Churned,
    int Reactivated,
    Money MrrAtEnd,
    int FailedRenewals,
    IReadOnlyList<FailureReason> FailureReasons,
    int RecoveredRenewals,
    int Refunds,
    Money Refunded);

/// <summary>How many renewals failed for one reason through one provider.</summary>
public sealed record FailureReason(string Provider, string Reason, int Count);
