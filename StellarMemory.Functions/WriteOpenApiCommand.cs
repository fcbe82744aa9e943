using Microsoft.Extensions.Configuration;
using StellarMemory.Functions.PortableHost;

namespace StellarMemory.Functions;

/// <summary>The command <c>openapi</c>: prints the OpenAPI document the app serves at /openapi.json, built from the
/// same functions, host.json and settings, without starting a host or touching a service; the test command lints it.</summary>
public static class WriteOpenApiCommand
{
    public const string Name = "openapi";

    public static int Run()
    {
        var builder = new ConfigurationBuilder();
        HostJsonConfiguration.Add(builder, Path.Combine(AppContext.BaseDirectory, "host.json"));
        var configuration = builder.AddEnvironmentVariables().Build();
        var catalog = FunctionCatalog.Discover([typeof(WriteOpenApiCommand).Assembly], configuration);
        Console.Out.Write(new OpenApiDocumentProvider(catalog, configuration).Json);
        Console.Out.WriteLine();
        return 0;
    }
}
