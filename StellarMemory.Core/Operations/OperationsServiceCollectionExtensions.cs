using Microsoft.Extensions.DependencyInjection;
using StellarMemory.Core.Accounts;

namespace StellarMemory.Core.Operations;

/// <summary>Registers the operator's side: admin access, reports and admin actions.</summary>
public static class OperationsServiceCollectionExtensions
{
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddSingleton<AdminRoles>();
        services.AddSingleton<AdminRoleAssignment>();
        services.AddSingleton<GracePeriodExtension>();
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
