using Azure;
using Azure.Storage.Queues;
using StellarMemory.Core.Storage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Storage;

public sealed class QueueSendingTests : IAsyncLifetime
{
    private readonly QueueClient _queue = new(TestEnvironment.QueueConnectionString, TestEnvironment.UniqueName("sending"));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _queue.DeleteIfExistsAsync();

    [Fact]
    public async Task A_missing_queue_is_created_and_the_message_sent()
    {
        Assert.False(await _queue.ExistsAsync());

        await _queue.SendCreatingAsync("first", null, CancellationToken.None);

        Assert.Equal("first", Assert.Single((await _queue.PeekMessagesAsync(10)).Value).MessageText);
    }

    [Fact]
    public async Task A_queue_deleted_while_in_use_comes_back()
    {
        await _queue.SendCreatingAsync("before", null, CancellationToken.None);
        await _queue.DeleteAsync();

        await _queue.SendCreatingAsync("after", null, CancellationToken.None);

        Assert.Equal("after", Assert.Single((await _queue.PeekMessagesAsync(10)).Value).MessageText);
    }

    [Fact]
    public async Task A_message_sent_with_a_visibility_timeout_stays_hidden()
    {
        await _queue.SendCreatingAsync("later", TimeSpan.FromMinutes(5), CancellationToken.None);

        Assert.Equal(1, (await _queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty((await _queue.PeekMessagesAsync(10)).Value);
    }

    [Fact]
    public async Task Other_refusals_are_not_taken_for_a_missing_queue()
    {
        await _queue.CreateAsync();

        // Queue messages are at most 64 KiB.
        var refused = await Assert.ThrowsAsync<RequestFailedException>(() =>
            _queue.SendCreatingAsync(new string('x', 70_000), null, CancellationToken.None));

        Assert.NotEqual("QueueNotFound", refused.ErrorCode);
        Assert.Equal(0, (await _queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }
}
