namespace StellarMemory.Functions;

/// <summary>Tells whether an Azure Functions host launched this process as its worker.</summary>
/// <remarks>
/// The Functions host starts a worker with the address of its gRPC endpoint and a worker id on the
/// command line (<c>--functions-uri</c> and <c>--functions-worker-id</c>; older hosts pass
/// <c>--host</c>, <c>--port</c> and <c>--workerId</c>). The worker cannot run without both, and a
/// plain <c>dotnet run</c> passes neither, so their presence decides which host we start.
/// </remarks>
public static class FunctionsHostDetector
{
    public static bool IsStartedByFunctionsHost(IReadOnlyList<string> args)
    {
        var hasEndpoint = HasOption(args, "--functions-uri") || (HasOption(args, "--host") && HasOption(args, "--port"));
        var hasWorkerId = HasOption(args, "--functions-worker-id") || HasOption(args, "--workerId");
        return hasEndpoint && hasWorkerId;
    }

    private static bool HasOption(IReadOnlyList<string> args, string name) =>
        args.Any(arg => arg.Equals(name, StringComparison.OrdinalIgnoreCase)
            || arg.StartsWith(name + "=", StringComparison.OrdinalIgnoreCase));
}
