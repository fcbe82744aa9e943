using System.Text.Json;

namespace StellarMemory.Bench.Quality;

/// <summary>One sample of a file in the LoCoMo format: a long conversation between two people in numbered sessions,
/// and questions labelled with the turns (dia_ids) that answer them. Category 5 (adversarial: no answer in the
/// conversation) is left out, as the benchmark's retrieval evaluations do.</summary>
public sealed record Conversation(string Id, IReadOnlyList<Conversation.Turn> Turns, IReadOnlyList<Conversation.Question> Questions)
{
    public sealed record Turn(string DiaId, string Speaker, string Text)
    {
        /// <summary>How a customer's agent stores a turn: who said it, and what.</summary>
        public string Content => string.IsNullOrEmpty(Speaker) ? Text : $"{Speaker}: {Text}";
    }

    public sealed record Question(string Text, IReadOnlyList<string> Evidence, int Category);

    public static IReadOnlyList<Conversation> Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var samples = document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement.EnumerateArray().ToList()
            : [document.RootElement];
        return samples.Select((sample, index) => Parse(sample, index)).ToList();
    }

    private static Conversation Parse(JsonElement sample, int index)
    {
        var conversation = sample.GetProperty("conversation");
        var turns = new List<Turn>();
        // Sessions in their numbered order, whatever gaps the numbering has.
        var sessions = conversation.EnumerateObject()
            .Where(p => p.Name.StartsWith("session_", StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.Array
                        && int.TryParse(p.Name["session_".Length..], out _))
            .OrderBy(p => int.Parse(p.Name["session_".Length..], System.Globalization.CultureInfo.InvariantCulture))
            .Select(p => p.Value);
        foreach (var turnsOfSession in sessions)
        {
            turns.AddRange(turnsOfSession.EnumerateArray().Select(t => new Turn(
                t.GetProperty("dia_id").GetString()!,
                t.TryGetProperty("speaker", out var speaker) ? speaker.GetString() ?? "" : "",
                t.GetProperty("text").GetString()!)));
        }
        var questions = sample.GetProperty("qa").EnumerateArray()
            .Select(q => new Question(
                q.GetProperty("question").GetString()!,
                q.TryGetProperty("evidence", out var evidence) ? Evidence(evidence) : [],
                q.TryGetProperty("category", out var category) && category.ValueKind == JsonValueKind.Number ? category.GetInt32() : 0))
            .Where(q => q.Category is >= 1 and <= 4)
            .ToList();
        var id = sample.TryGetProperty("sample_id", out var sampleId) ? sampleId.GetString() ?? $"{index}" : $"{index}";
        return new Conversation(id, turns, questions);
    }

    // A few labels in the published file hold two ids in one string ("D8:6; D9:17", "D8:6 D9:17"): each is evidence.
    private static IReadOnlyList<string> Evidence(JsonElement evidence) =>
        evidence.EnumerateArray()
            .Where(e => e.ValueKind == JsonValueKind.String)
            .SelectMany(e => e.GetString()!.Split([';', ',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
}
