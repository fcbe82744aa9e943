using StellarMemory.Core.Plans;

namespace StellarMemory.Core.Usage;

/// <summary>An account's tier, limits and use in the current period (a calendar month, UTC).</summary>
public sealed record UsageReport(
    Plan Plan,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    long Memories,
    int Agents,
    int ApiKeys,
    long Requests,
    IReadOnlyList<DailyRequests> RequestsByDay,
    IReadOnlyDictionary<string, long> RequestsByFunction);

/// <summary>Requests metered on one day.</summary>
public sealed record DailyRequests(DateOnly Date, long Requests);
