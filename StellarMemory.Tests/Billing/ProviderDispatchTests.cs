using System.Text.RegularExpressions;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

/// <summary>Provider-specific behaviour lives behind <c>IPaymentProvider</c>, one implementation per provider: no
/// code outside the providers' own folders and their registration switches or branches on a provider's name.</summary>
public sealed partial class ProviderDispatchTests
{
    private const string Name = """(BillingProvider\.(Stripe|LemonSqueezy|Toss)\b|"(stripe|lemonsqueezy|lemon_squeezy|toss)")""";

    // A switch arm (case X, X =>), a comparison (==, !=, Equals), or a pattern (is X, Provider: X) on a provider's name.
    [GeneratedRegex($"""(\bcase\s+{Name}|{Name}\s*(=>|\bor\b|\band\b)|(==|!=)\s*{Name}|{Name}\s*(==|!=)|\bis\s+(not\s+)?{Name}|Provider\s*:\s*{Name}|Equals\(\s*{Name})""",
        RegexOptions.IgnoreCase)]
    private static partial Regex BranchesOnProviderName();

    // Where a provider's name may decide something: the providers themselves, the list of names, and the registration.
    private static readonly string[] Allowed =
    [
        "StellarMemory.Core/Billing/Stripe/",
        "StellarMemory.Core/Billing/LemonSqueezy/",
        "StellarMemory.Core/Billing/Toss/",
        "StellarMemory.Core/Billing/BillingProvider.cs",
        "StellarMemory.Core/Billing/BillingServiceCollectionExtensions.cs",
    ];

    [Fact]
    public void No_code_outside_the_providers_branches_on_a_provider_name()
    {
        var offenders = new[] { "StellarMemory.Core", "StellarMemory.Functions" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(TestEnvironment.RepositoryRoot, project), "*.cs", SearchOption.AllDirectories))
            .Select(file => (File: file, Path: Path.GetRelativePath(TestEnvironment.RepositoryRoot, file).Replace('\\', '/')))
            .Where(f => !f.Path.Contains("/obj/") && !f.Path.Contains("/bin/") && !Allowed.Any(allowed => f.Path.StartsWith(allowed, StringComparison.Ordinal)))
            .SelectMany(f => File.ReadLines(f.File).Select((line, i) => (f.Path, Line: i + 1, Text: line.Trim())))
            .Where(line => BranchesOnProviderName().IsMatch(line.Text))
            .Select(line => $"{line.Path}:{line.Line}: {line.Text}")
            .ToList();

        Assert.True(offenders.Count == 0, "Branches on a provider name:\n" + string.Join("\n", offenders));
    }

    [Theory]
    [InlineData("case BillingProvider.Stripe:")]
    [InlineData("BillingProvider.Toss => Set(Toss.SecretKey),")]
    [InlineData("return provider == BillingProvider.Toss ? a : b;")]
    [InlineData("if (provider != \"stripe\")")]
    [InlineData("if (current is { Provider: BillingProvider.LemonSqueezy })")]
    [InlineData("if (provider is BillingProvider.Stripe or BillingProvider.Toss)")]
    [InlineData("case \"toss\":")]
    [InlineData("provider.Equals(\"lemonsqueezy\")")]
    public void The_check_sees_a_branch_on_a_name(string line) => Assert.Matches(BranchesOnProviderName(), line);

    [Theory]
    [InlineData("await inbox.AcceptAsync(BillingProvider.Stripe, envelope, payload, cancellationToken);")]
    [InlineData("public string Name => BillingProvider.Toss;")]
    [InlineData("var stripe = providers.Get(\"stripe\");")]
    public void The_check_lets_a_plain_use_of_a_name_pass(string line) => Assert.DoesNotMatch(BranchesOnProviderName(), line);
}
