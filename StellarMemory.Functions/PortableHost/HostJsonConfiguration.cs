using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace StellarMemory.Functions.PortableHost;

/// <summary>Loads host.json under the <c>AzureFunctionsJobHost</c> section, where the real host keeps it,
/// so that settings such as <c>AzureFunctionsJobHost__extensions__queues__maxDequeueCount</c> override it the same way.</summary>
public static class HostJsonConfiguration
{
    public const string Prefix = "AzureFunctionsJobHost";

    public static void Add(IConfigurationBuilder configuration, string path) => configuration.Add(Source(path));

    /// <summary>Adds host.json beneath every other source, for a worker under the Functions host: the host reads
    /// host.json itself, and the worker needs it only to describe what the host does (its routePrefix).</summary>
    public static void AddBeneath(IConfigurationBuilder configuration, string path) => configuration.Sources.Insert(0, Source(path));

    private static MemoryConfigurationSource Source(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"host.json was not found at {path}; it is copied next to the app at build time.", path);
        }
        var hostJson = new ConfigurationBuilder().AddJsonFile(path, optional: false).Build();
        return new MemoryConfigurationSource
        {
            InitialData = hostJson.AsEnumerable()
                .Where(pair => pair.Value is not null)
                .Select(pair => new KeyValuePair<string, string?>($"{Prefix}:{pair.Key}", pair.Value)),
        };
    }

    /// <summary>Resolves <c>%Setting%</c> binding expressions in trigger arguments from app settings.</summary>
    public static string ResolveSettings(IConfiguration configuration, string value)
    {
        if (value.Length > 2 && value[0] == '%' && value[^1] == '%')
        {
            var key = value[1..^1];
            return configuration[key] ?? throw new InvalidOperationException($"App setting '{key}' is not set.");
        }
        return value;
    }
}
