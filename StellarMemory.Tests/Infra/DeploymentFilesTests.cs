using System.Text.Json;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Infra;

/// <summary>The deployment files stay in step with the app: every setting is deployed, and the container
/// image is built the way the self-host docs promise.</summary>
public sealed class DeploymentFilesTests
{
    private static string Read(string path) => File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, path));

    [Fact]
    public void Every_setting_of_the_sample_is_set_by_the_bicep_template()
    {
        var sample = JsonDocument.Parse(Read("local.settings.sample.json")).RootElement.GetProperty("Values");
        var template = Read("infra/main.bicep");

        var missing = sample.EnumerateObject().Select(p => p.Name)
            // Flex Consumption refuses this app setting; the template sets the worker runtime in functionAppConfig.
            .Where(name => name != "FUNCTIONS_WORKER_RUNTIME")
            // In Azure the identity replaces the storage connection string: the same setting, by account name.
            .Select(name => name == "AzureWebJobsStorage" ? "AzureWebJobsStorage__accountName" : name)
            .Where(name => !template.Contains($"'{name}'", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(missing);
        Assert.Contains("'dotnet-isolated'", template);
        Assert.Contains("@Microsoft.KeyVault(SecretUri=", template);
    }

    [Fact]
    public void Container_image_is_multi_stage_runs_as_non_root_and_checks_health()
    {
        var dockerfile = Read("Dockerfile");

        Assert.True(dockerfile.Split('\n').Count(line => line.StartsWith("FROM ", StringComparison.Ordinal)) >= 2);
        Assert.Contains("USER ", dockerfile);
        Assert.DoesNotContain("USER root", dockerfile);
        Assert.Contains("HEALTHCHECK", dockerfile);
        Assert.Contains("/api/v1/health", dockerfile);
    }
}
