using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StellarMemory.Core;
using StellarMemory.Core.Telemetry;
using StellarMemory.Functions.Mcp;
using StellarMemory.Functions.PortableHost;

namespace StellarMemory.Functions;

/// <summary>The registrations both hosts share: Core plus what the function adapters need.</summary>
public static class StellarFunctionsServiceCollectionExtensions
{
    public static IServiceCollection AddStellarFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStellarCore(configuration);
        services.AddStellarTelemetry(configuration);
        services.AddUrlRedactingLogs();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = HostProblems.Customize);
        services.AddSingleton<RequestAuthenticator>();
        services.AddSingleton<ApiGate>();
        services.AddSingleton<StellarMemory.Functions.Auth.SessionAuthenticator>();
        services.AddSingleton<Admin.AdminGate>();
        services.AddSingleton<Webhooks.WebhookReceiver>();
        services.AddSingleton<ClientAddress>();
        services.AddSingleton<PublicAddress>();
        services.AddStellarMcp();
        // Under the Functions host the catalog is only read, for the OpenAPI document; the portable host
        // registers the one it serves (narrowed by host.json, with any extra assemblies), which wins.
        services.TryAddSingleton(_ => FunctionCatalog.Discover(
            [typeof(StellarFunctionsServiceCollectionExtensions).Assembly], configuration));
        services.AddSingleton<OpenApiDocumentProvider>();
        return services;
    }
}
