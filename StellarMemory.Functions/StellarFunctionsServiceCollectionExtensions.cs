using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StellarMemory.Core;
using StellarMemory.Functions.Functions.Http;

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
        return services;
    }
}
