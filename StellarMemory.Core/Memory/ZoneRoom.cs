namespace StellarMemory.Core.Memory;

/// <summary>How full an account's bounded zones are while new memories are placed: each goes to the
/// innermost zone its score allows that still has room.</summary>
public sealed class ZoneRoom(Dictionary<Zone, int> filled)
{
    public Zone Take(double score)
    {
        foreach (var zone in Zone.All)
        {
            if (score < zone.MinimumScore)
            {
                continue;
            }
            var count = filled.GetValueOrDefault(zone);
            if (zone.Capacity is null || count < zone.Capacity)
            {
                filled[zone] = count + 1;
                return zone;
            }
        }
        return Zone.Cloud;
    }
}
