using System.Runtime.InteropServices;
using System.Text;
using StellarMemory.Sandbox;

// The payment providers' sandbox for an offline demo: Stripe and Lemon Squeezy stand-ins on fixed loopback ports,
// with clickable checkout pages whose Pay button sends the signed webhooks the real provider would send. It writes
// the host's billing settings (fresh secrets each start) as shell exports to the file named by --settings-file,
// which scripts/sandbox.sh sources once the file appears, then serves until stopped or until the process named by
// --exit-with (the host that run.sh becomes) ends.
var settingsFile = Option("--settings-file") ?? throw new ArgumentException("usage: StellarMemory.Sandbox --settings-file PATH");
var host = new Uri($"http://127.0.0.1:{Port("STELLAR_HOST_PORT", 7071)}");

await using var sandbox = new SandboxProviders();
await sandbox.StartAsync(Port("STELLAR_SANDBOX_STRIPE_PORT", 7181), Port("STELLAR_SANDBOX_LEMONSQUEEZY_PORT", 7182),
    Port("STELLAR_SANDBOX_TOSS_PORT", 7183));
sandbox.SendWebhooksTo(host);

// Toss is left out: the page loads Toss's billing-auth script from Toss, which an offline browser cannot reach.
var exports = new StringBuilder();
foreach (var (key, value) in sandbox.HostSettings(host, includeToss: false))
{
    exports.Append("export ").Append(key.Replace(":", "__")).Append("='").Append(value).Append("'\n");
}
var written = settingsFile + ".partial";
await File.WriteAllTextAsync(written, exports.ToString());
if (!OperatingSystem.IsWindows())
{
    File.SetUnixFileMode(written, UnixFileMode.UserRead | UnixFileMode.UserWrite);
}
File.Move(written, settingsFile, overwrite: true); // appears whole, so a reader never sources half of it

Console.WriteLine($"Stripe sandbox        {sandbox.Stripe.BaseAddress}");
Console.WriteLine($"Lemon Squeezy sandbox {sandbox.LemonSqueezy.BaseAddress}");
Console.WriteLine($"webhooks go to        {host}");

var stopped = new TaskCompletionSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stopped.TrySetResult(); });
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stopped.TrySetResult(); });
var watched = int.TryParse(Option("--exit-with"), out var pid) ? WatchAsync(pid) : Task.Delay(Timeout.Infinite);
await Task.WhenAny(stopped.Task, watched);
File.Delete(settingsFile);
return 0;

string? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

static async Task WatchAsync(int pid)
{
    try
    {
        using var process = System.Diagnostics.Process.GetProcessById(pid);
        await process.WaitForExitAsync();
    }
    catch (ArgumentException)
    {
        // Already gone.
    }
}

static int Port(string variable, int fallback) =>
    int.TryParse(Environment.GetEnvironmentVariable(variable), out var port) ? port : fallback;
