using System.Diagnostics;
using Microsoft.Playwright;
using StellarMemory.Tests.Billing;
using StellarMemory.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace StellarMemory.Tests.Landing;

/// <summary>The offline billing demo: <c>scripts/sandbox.sh</c>, as <c>./scripts/run.sh --demo-billing</c> sources it,
/// starts the sandbox providers and exports the settings; a host started with exactly those settings sells Pro, and a
/// customer subscribes from the page: Subscribe, pay on the sandbox's page, back to the account on Pro.</summary>
public sealed class DemoBillingTests(DemoBillingTests.DemoInstall demo) : IClassFixture<DemoBillingTests.DemoInstall>, IAsyncLifetime
{
    /// <summary>The sandbox as scripts/sandbox.sh starts it, and a host started with the settings it exported.</summary>
    public sealed class DemoInstall : IAsyncLifetime
    {
        private readonly string _data = Path.Combine(Path.GetTempPath(), "stellar-demo-" + Guid.NewGuid().ToString("N"));
        private Process? _sandbox;
        private TestDatabase? _database;

        public TestHost Host { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var hostPort = FreePorts.Take();
            var start = new ProcessStartInfo("bash")
            {
                // The shell becomes `cat`, keeping its process id, as run.sh becomes the host; the sandbox ends with it.
                ArgumentList = { "-c", "set -euo pipefail; source scripts/env.sh; source scripts/sandbox.sh; echo ready; exec cat >/dev/null" },
                WorkingDirectory = TestEnvironment.RepositoryRoot,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                Environment =
                {
                    ["STELLAR_DATA_DIR"] = _data,
                    ["STELLAR_HOST_PORT"] = $"{hostPort}",
                    ["STELLAR_SANDBOX_STRIPE_PORT"] = $"{FreePorts.Take()}",
                    ["STELLAR_SANDBOX_LEMONSQUEEZY_PORT"] = $"{FreePorts.Take()}",
                    ["STELLAR_SANDBOX_TOSS_PORT"] = $"{FreePorts.Take()}",
                },
            };
            _sandbox = Process.Start(start)!;
            using var ready = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            // The sandbox prints where its providers listen; the script says "ready" once the settings are exported.
            string? line;
            while ((line = await _sandbox.StandardOutput.ReadLineAsync(ready.Token)) is not null && line != "ready")
            {
            }
            if (line is null)
            {
                throw new InvalidOperationException("scripts/sandbox.sh stopped before it was ready; it says why on standard error.");
            }
            var settings = SandboxSettings(await File.ReadAllLinesAsync(Path.Combine(_data, "sandbox.env")));
            settings["urls"] = $"http://127.0.0.1:{hostPort}";
            _database = await TestDatabase.CreateAsync();
            Host = await TestHost.StartAsync(_database.ConnectionString, BillingFixture.Functions, settings);
        }

        public async Task DisposeAsync()
        {
            if (Host is not null)
            {
                await Host.DisposeAsync();
            }
            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
            if (_sandbox is not null)
            {
                _sandbox.StandardInput.Close(); // cat ends, and the sandbox watching it stops
                using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _sandbox.WaitForExitAsync(stopped.Token);
                _sandbox.Dispose();
            }
            if (Directory.Exists(_data))
            {
                Directory.Delete(_data, recursive: true);
            }
        }
    }

    private LandingBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await LandingBrowser.LaunchAsync(demo.Host.BaseAddress);

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Theory]
    [InlineData("stripe")]
    [InlineData("lemonsqueezy")]
    public async Task A_pro_subscription_completes_through_the_sandbox_from_the_page(string provider)
    {
        var (page, errors) = await _browser.OpenAsync(LandingBrowser.Desktop);

        await Expect(page.GetByTestId("paid-plans-disabled")).ToBeHiddenAsync();
        var key = await LandingBrowser.SignUpAndCheckOutAsync(page, provider, "desktop", screenshot: false);
        await Expect(page.GetByText("Local sandbox of")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = LandingBrowser.Shot($"demo-{provider}-checkout") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay", Exact = true }).ClickAsync();
        await LandingBrowser.ShowPlanWithKeyAsync(page, key);

        await Expect(page.GetByTestId("active-plan")).ToContainTextAsync("Pro", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("account-plan")).ToHaveTextAsync("Pro");
        var usage = await StellarApi.JsonAsync(await StellarApi.SendAsync(demo.Host.Client, HttpMethod.Get, "/auth/usage", key));
        Assert.Equal("pro", usage.GetProperty("tier").GetString());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_demo_leaves_toss_out_since_its_widget_script_needs_the_network()
    {
        var plans = await StellarApi.JsonAsync(await demo.Host.Client.GetAsync("/billing/plans"));
        var pro = plans.GetProperty("plans").EnumerateArray().Single(plan => plan.GetProperty("tier").GetString() == "pro");
        Assert.Equal(["lemonsqueezy", "stripe"], pro.GetProperty("providers").EnumerateObject().Select(p => p.Name).Order().ToArray());
    }

    /// <summary>The file's <c>export Billing__X__Y='value'</c> lines as configuration keys.</summary>
    private static Dictionary<string, string?> SandboxSettings(IEnumerable<string> lines) =>
        lines.Where(line => line.StartsWith("export ", StringComparison.Ordinal))
            .Select(line => line["export ".Length..].Split('=', 2))
            .ToDictionary(pair => pair[0].Replace("__", ":"), pair => (string?)pair[1].Trim('\''));
}
