using System.Diagnostics;

namespace StellarMemory.Tests.Support;

/// <summary>Runs a program to completion and captures its output; one that overruns its time is killed with
/// its children, so a hung tool never outlives the test run.</summary>
public static class ChildProcess
{
    public sealed record Result(int ExitCode, string Output, string Errors);

    public static async Task<Result> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"{start.FileName} ran longer than {timeout}:\n{await errors}\n{await output}");
        }
        return new Result(process.ExitCode, await output, await errors);
    }
}
