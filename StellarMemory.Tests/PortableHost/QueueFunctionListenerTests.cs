using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using StellarMemory.Tests.Support;
using StellarMemory.Tests.TestFunctions;

namespace StellarMemory.Tests.PortableHost;

public sealed class QueueFunctionListenerTests : IAsyncLifetime
{
    private readonly string _recordQueue = TestEnvironment.UniqueName("record");
    private readonly string _ordersQueue = TestEnvironment.UniqueName("orders");
    private readonly string _failingQueue = TestEnvironment.UniqueName("failing");
    private TestDatabase _database = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _host = await TestHost.StartAsync(_database.ConnectionString,
            ["RecordQueueMessage", "RecordOrder", "AlwaysFailQueueMessage"],
            new Dictionary<string, string?>
            {
                ["TestQueues:Record"] = _recordQueue,
                ["TestQueues:Orders"] = _ordersQueue,
                ["TestQueues:Failing"] = _failingQueue,
                ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "3",
                ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00",
                ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
            });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        foreach (var name in new[] { _recordQueue, _ordersQueue, _failingQueue })
        {
            await Client(name).DeleteIfExistsAsync();
            await Client(name + "-poison").DeleteIfExistsAsync();
        }
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Base64_message_sent_with_the_sdk_is_processed()
    {
        var body = "hello " + Guid.NewGuid();
        await Client(_recordQueue, QueueMessageEncoding.Base64).SendMessageAsync(body);

        await Eventually.TrueAsync(() => QueueProbe.Seen(body).Length == 1, TimeSpan.FromSeconds(15), "the message to be processed");
        Assert.Equal([1L], QueueProbe.Seen(body));
    }

    [Fact]
    public async Task Plain_text_message_is_processed()
    {
        var body = "plain text, not base64: " + Guid.NewGuid();
        await Client(_recordQueue).SendMessageAsync(body);

        await Eventually.TrueAsync(() => QueueProbe.Seen(body).Length == 1, TimeSpan.FromSeconds(15), "the message to be processed");
    }

    [Fact]
    public async Task Json_message_binds_to_a_poco()
    {
        var orderId = Guid.NewGuid().ToString();
        await Client(_ordersQueue, QueueMessageEncoding.Base64)
            .SendMessageAsync(JsonSerializer.Serialize(new { orderId, quantity = 3 }));

        await Eventually.TrueAsync(() => QueueProbe.Orders.ContainsKey(orderId), TimeSpan.FromSeconds(15), "the order to be bound");
        Assert.Equal(3, QueueProbe.Orders[orderId].Quantity);
    }

    [Fact]
    public async Task Message_that_always_fails_moves_to_poison_with_its_body_unchanged()
    {
        var body = "doomed " + Guid.NewGuid();
        var stored = Convert.ToBase64String(Encoding.UTF8.GetBytes(body));
        await Client(_failingQueue).SendMessageAsync(stored);

        var poison = Client(_failingQueue + "-poison");
        var poisoned = await Eventually.GetAsync(
            async () => (await poison.PeekMessagesAsync(10)).Value,
            messages => messages.Length > 0,
            TimeSpan.FromSeconds(30), "the message to reach the poison queue");

        Assert.Equal(stored, Assert.Single(poisoned).MessageText);
        Assert.Equal([1L, 2L, 3L], QueueProbe.Seen(body));
        Assert.Empty((await Client(_failingQueue).PeekMessagesAsync(10)).Value);
    }

    private static QueueClient Client(string name, QueueMessageEncoding encoding = QueueMessageEncoding.None) =>
        new(TestEnvironment.QueueConnectionString, name, new QueueClientOptions { MessageEncoding = encoding });
}
