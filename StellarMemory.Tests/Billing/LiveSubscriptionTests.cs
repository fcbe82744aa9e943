using Npgsql;
using StellarMemory.Core.Billing;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

/// <summary>Which subscription is live, for every status, period and provider: the C# rule (<see cref="TierResolver.IsLive"/>)
/// and its SQL twin (<see cref="TierResolver.LiveSql"/>, used by expiry, renewals and the current subscription) give
/// the same answer in every case.</summary>
public sealed class LiveSubscriptionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromDays(7);

    /// <summary>Where the subscription stands in time: its period end, whether it is cancelled at that end, and
    /// since when it has been past due.</summary>
    public sealed record Period(string Name, DateTimeOffset? End, bool Cancelled, DateTimeOffset? PastDueSince)
    {
        public override string ToString() => Name;
    }

    private static readonly Period[] Periods =
    [
        new("renewing, period ahead", Now.AddDays(10), false, null),
        new("renewing, period over (renewal pending)", Now.AddDays(-1), false, null),
        new("renewing, no known end", null, false, null),
        new("cancelled, period ahead", Now.AddDays(10), true, null),
        new("cancelled, period ends now", Now, true, null),
        new("cancelled, period over", Now.AddDays(-1), true, null),
        new("cancelled, no known end", null, true, null),
        new("past due since just now", Now.AddDays(10), false, Now),
        new("past due, last moment of grace", Now.AddDays(10), false, Now - Grace + TimeSpan.FromSeconds(1)),
        new("past due, grace over now", Now.AddDays(10), false, Now - Grace),
        new("past due, grace long over", Now.AddDays(-30), false, Now.AddDays(-30)),
    ];

    // The expected answer for each status, period by period (in the order of Periods): live or not.
    private static readonly Dictionary<string, bool[]> Expected = new()
    {
        [SubscriptionStatus.Active] = [true, true, true, true, false, false, true, true, true, true, true],
        [SubscriptionStatus.PastDue] = [false, false, false, false, false, false, false, true, true, false, false],
        [SubscriptionStatus.Paused] = [false, false, false, false, false, false, false, false, false, false, false],
        [SubscriptionStatus.Incomplete] = [false, false, false, false, false, false, false, false, false, false, false],
        [SubscriptionStatus.Ended] = [false, false, false, false, false, false, false, false, false, false, false],
    };

    public static TheoryData<string, string, Period, bool> Cases()
    {
        var cases = new TheoryData<string, string, Period, bool>();
        foreach (var provider in BillingProvider.All.Append("complimentary"))
        {
            foreach (var (status, live) in Expected)
            {
                for (var i = 0; i < Periods.Length; i++)
                {
                    cases.Add(provider, status, Periods[i], live[i]);
                }
            }
        }
        return cases;
    }

    [Theory]
    [Trait("Category", "Unit")]
    [MemberData(nameof(Cases))]
    public void A_subscription_is_live_by_its_status_and_period_whoever_bills_it(string provider, string status, Period period, bool live)
    {
        var state = new SubscriptionState("pro", status, period.End, period.Cancelled, period.PastDueSince);

        // The rule reads no provider: a subscription billed by any of them (or granted) is live by the same rule.
        Assert.True(live == TierResolver.IsLive(state, Now, Grace), $"{provider}: {status}, {period}");
        Assert.Equal(live ? "pro" : "free", TierResolver.Resolve([state], Now, Grace));
        Assert.Equal(live ? "team" : "pro", TierResolver.Resolve(
            [state with { Plan = "team" }, new SubscriptionState("pro", SubscriptionStatus.Active, null, false, null)], Now, Grace));
    }

    [Fact]
    public async Task The_sql_rule_gives_the_same_answer_as_the_csharp_rule_in_every_case()
    {
        await using var dataSource = NpgsqlDataSource.Create(TestEnvironment.PostgresConnectionString);
        foreach (var (status, expected) in Expected)
        {
            for (var i = 0; i < Periods.Length; i++)
            {
                var period = Periods[i];
                await using var command = dataSource.CreateCommand($"""
                    SELECT {TierResolver.LiveSql}
                    FROM (SELECT @status AS status, @end::timestamptz AS current_period_end, @cancel AS cancel_at_period_end,
                                 @since::timestamptz AS past_due_since) AS subscription
                    """);
                command.Parameters.AddWithValue("status", status);
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("end", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = period.End });
                command.Parameters.AddWithValue("cancel", period.Cancelled);
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("since", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = period.PastDueSince });
                command.Parameters.AddWithValue("now", Now);
                command.Parameters.AddWithValue("grace", Grace);

                Assert.True(expected[i] == (bool)(await command.ExecuteScalarAsync())!, $"{status}, {period.Name}");
            }
        }
    }
}
