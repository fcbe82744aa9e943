namespace StellarMemory.Core.Memory;

/// <summary>Places an account's memories into zones: best scores first, each into the innermost zone its
/// score qualifies for that still has room; a full zone pushes the lower scorers out to the next one.</summary>
public static class ZoneAssigner
{
    public static IReadOnlyDictionary<Guid, Zone> Assign(IEnumerable<(Guid Id, double Score)> memories)
    {
        var assigned = new Dictionary<Guid, Zone>();
        var filled = new int[Zone.All.Count];
        foreach (var (id, score) in memories.OrderByDescending(m => m.Score).ThenBy(m => m.Id))
        {
            var zone = Zone.All.Count - 1;
            for (var z = 0; z < Zone.All.Count; z++)
            {
                var candidate = Zone.All[z];
                if (score >= candidate.MinimumScore && (candidate.Capacity is null || filled[z] < candidate.Capacity))
                {
                    zone = z;
                    break;
                }
            }
            // Cloud holds only negative scores; capacity overflow never reaches it because Belt is unbounded.
            filled[zone]++;
            assigned[id] = Zone.All[zone];
        }
        return assigned;
    }
}
