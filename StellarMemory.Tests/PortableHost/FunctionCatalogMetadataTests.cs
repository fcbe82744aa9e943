using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using StellarMemory.Functions;
using StellarMemory.Functions.Health;
using StellarMemory.Functions.PortableHost;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.PortableHost;

/// <summary>The portable host's catalogue, built by reflection, is the catalogue the Azure Functions host reads:
/// the Worker SDK writes <c>functions.metadata</c> into the build output, and every function there must run
/// locally with the same trigger, route, methods, auth level, queue and schedule, and nothing more.</summary>
[Trait("Category", "Unit")]
public sealed class FunctionCatalogMetadataTests
{
    private static readonly string FunctionsOutput = Path.GetDirectoryName(typeof(GetHealth).Assembly.Location)!;

    private static readonly IReadOnlyList<MetadataFunction> Metadata = ReadMetadata();

    private static readonly FunctionCatalog Catalog = FunctionCatalog.Discover([typeof(GetHealth).Assembly], Settings());

    [Fact]
    public void Both_catalogues_name_the_same_functions()
    {
        Assert.NotEmpty(Metadata);
        Assert.Equal(
            Metadata.Select(f => f.Name).Order(StringComparer.Ordinal),
            Catalog.All.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Each_function_runs_the_same_method()
    {
        foreach (var function in Metadata)
        {
            var local = Find(function.Name);
            Assert.Equal(function.EntryPoint, $"{local.Type.FullName}.{local.Method.Name}");
            Assert.Equal(function.Trigger.GetProperty("name").GetString(), local.TriggerParameter.Name);
        }
    }

    [Fact]
    public void Http_functions_have_the_same_route_methods_and_auth_level()
    {
        var http = Metadata.Where(f => f.TriggerType == "httpTrigger").ToList();
        Assert.Equal(http.Count, Catalog.Http.Count());
        foreach (var function in http)
        {
            var trigger = Assert.IsType<HttpTriggerAttribute>(Find(function.Name).Trigger);
            Assert.Equal(function.Trigger.GetProperty("route").GetString(), trigger.Route);
            Assert.Equal(function.Trigger.GetProperty("authLevel").GetString(), trigger.AuthLevel.ToString());
            var methods = function.Trigger.TryGetProperty("methods", out var listed)
                ? listed.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).Order().ToArray()
                : [];
            Assert.Equal(methods, (trigger.Methods ?? []).Select(m => m.ToUpperInvariant()).Order().ToArray());
        }
    }

    [Fact]
    public void Queue_functions_listen_to_the_same_queue_once_settings_are_resolved()
    {
        var queue = Metadata.Where(f => f.TriggerType == "queueTrigger").ToList();
        Assert.Equal(queue.Count, Catalog.Queue.Count());
        foreach (var function in queue)
        {
            var trigger = Assert.IsType<QueueTriggerAttribute>(Find(function.Name).Trigger);
            var named = function.Trigger.GetProperty("queueName").GetString()!;
            Assert.Equal(named, trigger.QueueName);
            Assert.Equal(ResolvedOnAzure(named), HostJsonConfiguration.ResolveSettings(Settings(), trigger.QueueName));
        }
    }

    [Fact]
    public void Timer_functions_run_on_the_same_schedule_once_settings_are_resolved()
    {
        var timers = Metadata.Where(f => f.TriggerType == "timerTrigger").ToList();
        Assert.Equal(timers.Count, Catalog.Timer.Count());
        foreach (var function in timers)
        {
            var trigger = Assert.IsType<TimerTriggerAttribute>(Find(function.Name).Trigger);
            var named = function.Trigger.GetProperty("schedule").GetString()!;
            Assert.Equal(named, trigger.Schedule);
            var schedule = HostJsonConfiguration.ResolveSettings(Settings(), trigger.Schedule);
            Assert.Equal(ResolvedOnAzure(named), schedule);
            TimerSchedule.Parse(schedule); // the portable host must understand what Azure will run
        }
    }

    [Fact]
    public void Every_trigger_type_in_the_build_output_is_one_the_portable_host_serves()
    {
        Assert.All(Metadata, f => Assert.Contains(f.TriggerType, new[] { "httpTrigger", "queueTrigger", "timerTrigger" }));
    }

    private static FunctionDescriptor Find(string name) =>
        Catalog.All.SingleOrDefault(f => f.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"{name} is in functions.metadata but the portable host does not serve it.");

    // What the Functions host resolves a %Setting% to: the app setting the deployment gives it, which
    // local.settings.sample.json lists for every setting the template deploys. The portable host must agree.
    private static string ResolvedOnAzure(string value)
    {
        if (value.Length < 3 || value[0] != '%' || value[^1] != '%')
        {
            return value;
        }
        var key = value[1..^1];
        var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "local.settings.sample.json")))
            .RootElement.GetProperty("Values");
        return sample.TryGetProperty(key, out var setting)
            ? setting.GetString()!
            : throw new Xunit.Sdk.XunitException($"App setting {key} is named by a trigger but not deployed (local.settings.sample.json).");
    }

    private static IConfiguration Settings() =>
        new ConfigurationBuilder().Add(new MemoryConfigurationSource { InitialData = BindingDefaults.Values }).Build();

    private static IReadOnlyList<MetadataFunction> ReadMetadata()
    {
        var path = Path.Combine(FunctionsOutput, "functions.metadata");
        Assert.True(File.Exists(path), $"The Worker SDK writes functions.metadata into the build output; none at {path}.");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(function =>
        {
            var trigger = function.GetProperty("bindings").EnumerateArray()
                .Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            return new MetadataFunction(
                function.GetProperty("name").GetString()!,
                function.GetProperty("entryPoint").GetString()!,
                trigger.GetProperty("type").GetString()!,
                trigger.Clone());
        }).ToList();
    }

    private sealed record MetadataFunction(string Name, string EntryPoint, string TriggerType, JsonElement Trigger);
}
