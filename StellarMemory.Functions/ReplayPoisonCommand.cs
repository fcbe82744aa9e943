using Microsoft.Extensions.Configuration;
using StellarMemory.Core.Storage;

namespace StellarMemory.Functions;

/// <summary>The operator's command <c>replay-poison &lt;queue&gt;</c>: moves the poison queue's messages back
/// onto the queue once the cause is fixed. Reads the same settings as the app.</summary>
public static class ReplayPoisonCommand
{
    public const string Name = "replay-poison";

    public static async Task<int> RunAsync(string queueSettingOrName)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(BindingDefaults.Values)
            .AddEnvironmentVariables()
            .Build();
        // Accept either the queue's setting name (WebhookEventsQueue) or the queue name itself.
        var queue = configuration[queueSettingOrName] ?? queueSettingOrName;
        // Deployed settings reach the queues as the app does: a connection string, or the account name and the identity.
        var replayer = new PoisonQueueReplayer(new QueueClientFactory(StorageOptions.From(configuration, StorageNeeds.Queues)));
        var moved = await replayer.ReplayAsync(queue, CancellationToken.None);
        Console.WriteLine($"Moved {moved} message(s) from {queue}-poison back to {queue}.");
        return 0;
    }
}
