using Microsoft.Playwright;

namespace StellarMemory.Tests.Support;

/// <summary>Launches Debian's Chromium (installed by scripts/install-chromium.sh) headless, quiet on the network,
/// the way every browser test in the suite runs it.</summary>
public static class DebianChromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"],
    });
}
