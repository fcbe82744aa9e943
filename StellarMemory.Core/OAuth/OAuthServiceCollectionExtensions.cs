using Microsoft.Extensions.DependencyInjection;

namespace StellarMemory.Core.OAuth;

/// <summary>Registers the authorization server's rules: client registration, codes, tokens and their checks.</summary>
public static class OAuthServiceCollectionExtensions
{
    public static IServiceCollection AddStellarOAuth(this IServiceCollection services)
    {
        services.AddSingleton<OAuthClientRegistry>();
        services.AddSingleton<ClientMetadataDocuments>();
        services.AddSingleton<OAuthClients>();
        services.AddSingleton<AuthorizationCodes>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<AccessTokenValidator>();
        services.AddSingleton<ConnectedApplications>();
        return services;
    }
}
