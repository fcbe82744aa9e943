using System.Text.Json;
using System.Text.Json.Serialization;

namespace StellarMemory.Core.Usage;

/// <summary>How a batch's events travel: grouped by account, key, function and status, each group carrying only its
/// events' latencies and times (microseconds after the batch's earliest event). A busy account's requests repeat the
/// same four fields, so a message holds ten times the events of whole objects, and the queue service and the
/// aggregating host parse a tenth of the bytes per request. Reads the earlier form too (an array of whole events),
/// so batches queued before an upgrade still apply.</summary>
public sealed class GroupedUsageEventsConverter : JsonConverter<IReadOnlyList<UsageEvent>>
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1_000;

    public override IReadOnlyList<UsageEvent> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return JsonSerializer.Deserialize<List<UsageEvent>>(ref reader, options) ?? [];
        }
        var wire = JsonSerializer.Deserialize<Wire>(ref reader, options) ?? throw new JsonException("A usage batch has no events.");
        var events = new List<UsageEvent>();
        foreach (var group in wire.Groups)
        {
            if (group.Latencies.Length != group.Times.Length)
            {
                throw new JsonException("A usage group has as many latencies as times.");
            }
            for (var i = 0; i < group.Times.Length; i++)
            {
                events.Add(new UsageEvent(group.AccountId, group.KeyId, group.Function, group.Status, group.Latencies[i],
                    wire.Origin.AddTicks(group.Times[i] * TicksPerMicrosecond)));
            }
        }
        return events;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<UsageEvent> value, JsonSerializerOptions options)
    {
        var origin = value.Count == 0 ? DateTimeOffset.UnixEpoch : value.Min(e => e.OccurredAt);
        var groups = value.GroupBy(e => (e.AccountId, e.KeyId, e.Function, e.Status))
            .Select(g => new Group(g.Key.AccountId, g.Key.KeyId, g.Key.Function, g.Key.Status,
                // A thousandth of a millisecond is finer than the timer it was measured with.
                [.. g.Select(e => Math.Round(e.LatencyMs, 3))],
                [.. g.Select(e => (e.OccurredAt - origin).Ticks / TicksPerMicrosecond)]))
            .ToList();
        JsonSerializer.Serialize(writer, new Wire(origin, groups), options);
    }

    private sealed record Wire(
        [property: JsonPropertyName("o")] DateTimeOffset Origin,
        [property: JsonPropertyName("g")] IReadOnlyList<Group> Groups);

    private sealed record Group(
        [property: JsonPropertyName("a")] Guid AccountId,
        [property: JsonPropertyName("k")] Guid KeyId,
        [property: JsonPropertyName("f")] string Function,
        [property: JsonPropertyName("s")] int Status,
        [property: JsonPropertyName("l")] double[] Latencies,
        [property: JsonPropertyName("t")] long[] Times);
}
