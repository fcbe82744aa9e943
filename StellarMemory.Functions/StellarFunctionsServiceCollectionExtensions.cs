using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StellarMemory.Core;
using StellarMemory.Functions.Functions.Http;
using StellarMemory.Functions.Functions.Mcp;

namespace StellarMemory.Functions;

/// <summary>The registrations both hosts share: Core plus what the function adapters need.</summary>
public static class StellarFunctionsServiceCollectionExtensions
{
    public static IServiceCollection AddStellarFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStellarCore(configuration);
        services.AddStellarTelemetry(configuration);
        services.AddProblemDetails();
        services.AddSingleton<ApiGate>();
        services.AddSingleton<ClientAddress>();
        services.AddStellarMcp();
        return services;
    }
}
