using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace StellarMemory.Core.Operations;

/// <summary>Registers the operator's side: admin access, reports and admin actions.</summary>
public static class OperationsServiceCollectionExtensions
{
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(AdminOptions.From(configuration));
        services.AddSingleton<AdminAuthorizer>();
        services.AddSingleton<RevenueReporter>();
        services.AddSingleton<BillingHealthProbe>();
        services.AddSingleton<AdminAudit>();
        services.AddSingleton<AccountLookup>();
        services.AddSingleton<ComplimentaryPlans>();
        services.AddSingleton<AccountSuspension>();
        services.AddSingleton<WebhookReplay>();
        services.AddSingleton<BillingHealthGauges>();
        services.AddHostedService(provider => provider.GetRequiredService<BillingHealthGauges>());
        return services;
    }
}
