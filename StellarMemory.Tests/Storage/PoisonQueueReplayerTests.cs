using Azure.Storage.Queues;
using StellarMemory.Core.Storage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Storage;

public sealed class PoisonQueueReplayerTests : IAsyncLifetime
{
    private readonly string _queueName = TestEnvironment.UniqueName("replay");
    private readonly PoisonQueueReplayer _replayer = new(new QueueClientFactory(new StorageOptions("unused", TestEnvironment.QueueConnectionString)));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Raw(_queueName).DeleteIfExistsAsync();
        await Raw(_queueName + "-poison").DeleteIfExistsAsync();
    }

    [Fact]
    public async Task Without_a_poison_queue_nothing_is_moved()
    {
        Assert.Equal(0, await _replayer.ReplayAsync(_queueName, CancellationToken.None));

        Assert.False(await Raw(_queueName + "-poison").ExistsAsync());
    }

    [Fact]
    public async Task An_empty_poison_queue_moves_nothing()
    {
        await Raw(_queueName + "-poison").CreateAsync();
        await Raw(_queueName).CreateAsync();

        Assert.Equal(0, await _replayer.ReplayAsync(_queueName, CancellationToken.None));
    }

    [Fact]
    public async Task Every_message_goes_back_with_its_body_unchanged_across_several_batches()
    {
        var poison = Raw(_queueName + "-poison");
        await poison.CreateAsync();
        await Raw(_queueName).CreateAsync();
        // More than one receive (32 at most), in both encodings a producer may have used.
        var bodies = Enumerable.Range(0, 40)
            .Select(i => i % 2 == 0 ? Convert.ToBase64String(Guid.NewGuid().ToByteArray()) : $"plain {i} {{\"a\":1}}")
            .ToList();
        foreach (var body in bodies)
        {
            await poison.SendMessageAsync(body);
        }

        Assert.Equal(40, await _replayer.ReplayAsync(_queueName, CancellationToken.None));

        Assert.Equal(0, (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        var replayed = new List<string>();
        var target = Raw(_queueName);
        while ((await target.ReceiveMessagesAsync(32)).Value is { Length: > 0 } batch)
        {
            replayed.AddRange(batch.Select(m => m.MessageText));
        }
        Assert.Equal(bodies.Order(), replayed.Order());
    }

    private static QueueClient Raw(string name) => new(TestEnvironment.QueueConnectionString, name);
}
