using System.Diagnostics;
using System.Text.RegularExpressions;
using StellarMemory.Tests.Functions.Memory;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Docs;

/// <summary>The README's quickstart, run as written (bash and curl) against a real host.</summary>
public sealed partial class ReadmeQuickstartTests(MemoryApiFixture api) : IClassFixture<MemoryApiFixture>
{
    [GeneratedRegex(@"## Quickstart.*?```bash\n(?<script>.*?)```", RegexOptions.Singleline)]
    private static partial Regex QuickstartBlock();

    [Fact]
    public async Task The_quickstart_registers_stores_three_memories_recalls_the_right_one_and_reads_usage()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(TestEnvironment.RepositoryRoot, "README.md"));
        var script = QuickstartBlock().Match(readme).Groups["script"].Value;
        Assert.Contains("curl", script);
        var start = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script]);
        start.Environment["BASE"] = api.Host.BaseAddress.ToString().TrimEnd('/');

        var result = await ChildProcess.RunAsync(start, TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Errors}\n{result.Output}");
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.Contains("\"deduplicated\":false", lines[0]);
        Assert.Contains("\"stored\":2", lines[1]);
        Assert.Contains("The user prefers dark mode in every editor.", lines[2]);
        Assert.Equal(3, Regex.Matches(lines[3], "\"content\"").Count);
        Assert.Contains("\"tier\":\"free\"", lines[4]);
    }
}
