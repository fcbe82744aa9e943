namespace StellarMemory.Bench;

/// <summary>Where a run's JSON report goes: <c>bench/results/&lt;name&gt;-&lt;start time&gt;.json</c>.</summary>
public static class ReportFile
{
    public static async Task<string> WriteAsync(string repoRoot, string name, DateTimeOffset started, string json)
    {
        var folder = Path.Combine(repoRoot, "bench", "results");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{name}-{started:yyyyMMdd-HHmmss}.json");
        await File.WriteAllTextAsync(file, json);
        return file;
    }
}
