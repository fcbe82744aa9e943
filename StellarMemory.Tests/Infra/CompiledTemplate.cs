using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Infra;

/// <summary>infra/main.bicep compiled to its ARM template by the pinned Bicep CLI (scripts/check-infra.sh build), read
/// with the values of one parameter file: what Azure would be asked to create.</summary>
public sealed class CompiledTemplate : IAsyncLifetime
{
    private static readonly Regex ParameterReference = new(@"^\[(?:string\()?parameters\('(?<name>\w+)'\)\)?\]$");

    public JsonObject Template { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), $"stellar-main-{Guid.NewGuid():N}.json");
        try
        {
            var start = new ProcessStartInfo("bash", [Path.Combine(TestEnvironment.RepositoryRoot, "scripts", "check-infra.sh"), "build", output])
            {
                WorkingDirectory = TestEnvironment.RepositoryRoot,
            };
            var result = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(5));
            Assert.True(result.ExitCode == 0, $"scripts/check-infra.sh build failed:\n{result.Errors}\n{result.Output}");
            Template = JsonNode.Parse(await File.ReadAllTextAsync(output))!.AsObject();
        }
        finally
        {
            File.Delete(output);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public JsonObject Resources => Template["resources"]!.AsObject();

    public JsonObject Resource(string symbolicName) =>
        Resources[symbolicName]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"The template has no resource '{symbolicName}'.");

    public JsonNode Variable(string name) => Template["variables"]![name]!;

    /// <summary>The template with the values of a parameter file under infra/ (defaults for what it leaves out).</summary>
    public Deployment With(string parameterFile)
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "infra", parameterFile)))!;
        var values = new Dictionary<string, JsonNode?>();
        foreach (var (name, parameter) in Template["parameters"]!.AsObject())
        {
            values[name] = file["parameters"]![name]?["value"]?.DeepClone() ?? parameter!["defaultValue"]?.DeepClone();
        }
        return new Deployment(this, values);
    }

    public sealed record Deployment(CompiledTemplate Template, IReadOnlyDictionary<string, JsonNode?> Parameters)
    {
        /// <summary>A value as deployed: a literal as written, a reference to a parameter (or its string()) as that
        /// parameter's value; any other expression stays as its text.</summary>
        public string? Resolve(JsonNode? node)
        {
            var text = node?.ToString();
            if (text is not null && ParameterReference.Match(text) is { Success: true } reference)
            {
                return Parameters.TryGetValue(reference.Groups["name"].Value, out var value)
                    ? value?.ToString()
                    : throw new Xunit.Sdk.XunitException($"'{text}' names no parameter of the template.");
            }
            return text;
        }

        public int Int(string parameter) => (int)Parameters[parameter]!;

        public string String(string parameter) => (string)Parameters[parameter]!;
    }
}
