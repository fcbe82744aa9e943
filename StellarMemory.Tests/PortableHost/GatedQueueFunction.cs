using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StellarMemory.Core.Storage;
using StellarMemory.Functions.PortableHost;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.PortableHost;

/// <summary>A queue function whose every run a test can hold, fail or make slow, and what its runs saw. It has no
/// <c>[Function]</c> attribute: tests build a listener for it directly, with options of their own.</summary>
public sealed class GatedQueueFunction(GatedRuns runs)
{
    public async Task Run([QueueTrigger("set-by-the-test")] string body, long dequeueCount, CancellationToken cancellationToken)
    {
        runs.Begin(body, dequeueCount);
        try
        {
            if (runs.Held)
            {
                await runs.Gate.WaitAsync(cancellationToken);
            }
            if (runs.WorkFor > TimeSpan.Zero)
            {
                await Task.Delay(runs.WorkFor, cancellationToken);
            }
            if (runs.Fail)
            {
                throw new InvalidOperationException("The function failed on " + body);
            }
        }
        finally
        {
            runs.End(body);
        }
    }

    /// <summary>A listener of <paramref name="queueName"/> running this function, on the given queue service.</summary>
    public static QueueFunctionListener Listen(GatedRuns runs, string queueName, QueueHostOptions options, string queueConnectionString,
        ILoggerProvider logs, TimeProvider? time = null)
    {
        var method = typeof(GatedQueueFunction).GetMethod(nameof(Run))!;
        var function = new FunctionDescriptor(nameof(GatedQueueFunction), typeof(GatedQueueFunction), method, method.GetParameters()[0],
            new QueueTriggerAttribute(queueName));
        var services = new ServiceCollection().AddSingleton(runs).BuildServiceProvider();
        return new QueueFunctionListener(function, queueName, options,
            new QueueClientFactory(new StorageOptions("unused", queueConnectionString), FailFast),
            services.GetRequiredService<IServiceScopeFactory>(), time ?? TimeProvider.System,
            new LoggerFactory([logs]).CreateLogger<QueueFunctionListener>());
    }

    /// <summary>host.json's queue settings as tests want them: quick polling, retries visible at once, a short lease.</summary>
    public static QueueHostOptions Options(int batchSize = 4, int newBatchThreshold = 2, int maxDequeueCount = 3, double leaseSeconds = 2) =>
        new(batchSize, newBatchThreshold, TimeSpan.Zero, TimeSpan.FromMilliseconds(200), maxDequeueCount, Base64Encoding: true)
        {
            Lease = TimeSpan.FromSeconds(leaseSeconds),
        };

    public static QueueClient Queue(string name) => new(TestEnvironment.QueueConnectionString, name);

    // A queue service that is away fails each call within a second, as after the SDK's retries, only sooner.
    private static void FailFast(QueueClientOptions options)
    {
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
    }
}
