using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using StellarMemory.Functions.PortableHost;

namespace StellarMemory.Tests.PortableHost;

public sealed class FunctionInvokerTests
{
    private readonly Disposals _disposals = new();
    private readonly IServiceProvider _services;

    public FunctionInvokerTests() => _services = new ServiceCollection().AddSingleton(_disposals).BuildServiceProvider();

    [Fact]
    public async Task A_task_with_a_result_gives_its_result() =>
        Assert.Equal(42, await Invoke<Functions>(nameof(Functions.AnswerAsync)).InvokeAsync(_services, [21]));

    [Fact]
    public async Task A_plain_task_gives_nothing() =>
        Assert.Null(await Invoke<Functions>(nameof(Functions.NothingAsync)).InvokeAsync(_services, [1]));

    [Fact]
    public async Task A_value_task_is_awaited_and_gives_nothing()
    {
        Assert.Null(await Invoke<Functions>(nameof(Functions.ValueAsync)).InvokeAsync(_services, [1]));
        Assert.Equal(1, _disposals.ValueTasks);
    }

    [Fact]
    public async Task A_synchronous_result_is_returned_as_is() =>
        Assert.Equal("7", await Invoke<Functions>(nameof(Functions.Text)).InvokeAsync(_services, [7]));

    [Fact]
    public async Task A_static_function_needs_no_instance() =>
        Assert.Equal(8, await Invoke<Functions>(nameof(Functions.Double)).InvokeAsync(_services, [4]));

    [Fact]
    public async Task A_failure_surfaces_as_thrown_not_wrapped_and_the_instance_is_still_disposed()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Invoke<Functions>(nameof(Functions.Throw)).InvokeAsync(_services, [1]));

        Assert.Equal("thrown 1", failure.Message);
        Assert.Equal(1, _disposals.Sync);
    }

    [Fact]
    public async Task Each_invocation_gets_a_new_instance_disposed_after_it()
    {
        var invoker = Invoke<Functions>(nameof(Functions.Text));

        await invoker.InvokeAsync(_services, [1]);
        await invoker.InvokeAsync(_services, [2]);

        Assert.Equal(2, _disposals.Sync);
    }

    [Fact]
    public async Task An_async_disposable_instance_is_disposed_asynchronously()
    {
        await Invoke<AsyncFunctions>(nameof(AsyncFunctions.Run)).InvokeAsync(_services, [1]);

        Assert.Equal(1, _disposals.Async);
        Assert.Equal(0, _disposals.Sync);
    }

    private static FunctionInvoker Invoke<T>(string method)
    {
        var info = typeof(T).GetMethod(method)!;
        return new FunctionInvoker(new FunctionDescriptor(method, typeof(T), info, info.GetParameters()[0], new QueueTriggerAttribute("q")));
    }

    public sealed class Disposals
    {
        public int Sync, Async, ValueTasks;
    }

    public sealed class Functions(Disposals disposals) : IDisposable
    {
        public Task<int> AnswerAsync(int half) => Task.FromResult(half * 2);

        public Task NothingAsync(int _) => Task.CompletedTask;

        public async ValueTask ValueAsync(int _)
        {
            await Task.Yield();
            disposals.ValueTasks++;
        }

        public string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public static int Double(int value) => value * 2;

        public void Throw(int value) => throw new InvalidOperationException($"thrown {value}");

        public void Dispose() => disposals.Sync++;
    }

    public sealed class AsyncFunctions(Disposals disposals) : IAsyncDisposable, IDisposable
    {
        public void Run(int _)
        {
        }

        public ValueTask DisposeAsync()
        {
            disposals.Async++;
            return ValueTask.CompletedTask;
        }

        public void Dispose() => disposals.Sync++;
    }
}
