using Microsoft.Extensions.Configuration;
using StellarMemory.Core.Billing;
using StellarMemory.Core.Storage;

namespace StellarMemory.Functions;

/// <summary>The operator's command <c>rotate-billing-keys</c>: re-encrypts stored Toss billing keys under
/// <c>Billing:EncryptionKey</c>, reading old ones with <c>Billing:PreviousEncryptionKeys</c>. Reads the app's settings.</summary>
public static class RotateBillingKeysCommand
{
    public const string Name = "rotate-billing-keys";

    public static async Task<int> RunAsync()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var options = BillingOptions.From(configuration);
        if (string.IsNullOrEmpty(options.EncryptionKey))
        {
            await Console.Error.WriteLineAsync("Billing__EncryptionKey is not set: there is no key to rotate to.");
            return 2;
        }
        // Built as the app builds it, so deployed settings sign in the same way (a token of the identity in Azure).
        await using var dataSource = PostgresDataSourceFactory.Create(StorageOptions.From(configuration, StorageNeeds.Database));
        var outcome = await new BillingKeyRotation(dataSource, new BillingKeyProtector(options),
            new SubscriptionStore(dataSource, options, TimeProvider.System)).RotateAsync(CancellationToken.None);
        Console.WriteLine($"Re-encrypted {outcome.Rewritten} billing key(s) under the current encryption key.");
        if (outcome.Unreadable > 0)
        {
            // Left untouched: only the key that wrote them can open them; put it back in Billing__PreviousEncryptionKeys.
            await Console.Error.WriteLineAsync(
                $"{outcome.Unreadable} stored billing key(s) open under none of the configured keys and were left as they are.");
            return 1;
        }
        return 0;
    }
}
