using StellarMemory.Functions;

namespace StellarMemory.Tests;

public sealed class FunctionsHostDetectorTests
{
    [Fact]
    public void Current_host_arguments_select_the_functions_worker() =>
        Assert.True(FunctionsHostDetector.IsStartedByFunctionsHost(
            ["--functions-uri", "http://127.0.0.1:5000/", "--functions-worker-id", "w1", "--functions-request-id", "r1"]));

    [Fact]
    public void Legacy_host_arguments_select_the_functions_worker() =>
        Assert.True(FunctionsHostDetector.IsStartedByFunctionsHost(
            ["--host", "127.0.0.1", "--port", "5000", "--workerId", "w1", "--requestId", "r1"]));

    [Fact]
    public void Plain_run_selects_the_portable_host() =>
        Assert.False(FunctionsHostDetector.IsStartedByFunctionsHost([]));

    [Fact]
    public void Endpoint_without_worker_id_selects_the_portable_host() =>
        Assert.False(FunctionsHostDetector.IsStartedByFunctionsHost(["--urls", "http://127.0.0.1:7071", "--port", "1"]));
}
