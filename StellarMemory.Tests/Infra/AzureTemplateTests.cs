using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StellarMemory.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace StellarMemory.Tests.Infra;

/// <summary>What the compiled template asks Azure for, with the production parameters (infra/main.parameters.json,
/// the file azd uses) and the cheaper dev ones: no secret where the identity will do, every grant in place before
/// the app starts, nothing public, a connection budget that holds at full scale, and a database that survives a zone.</summary>
public sealed class AzureTemplateTests(CompiledTemplate compiled) : IClassFixture<CompiledTemplate>
{
    private const string Production = "main.parameters.json";
    private const string Dev = "main.dev.parameters.json";

    private static readonly Regex SettingName = new(@"createObject\('name', '(?<name>[^']+)', 'value', ");

    private string AppSettings => compiled.Resource("functionApp")["properties"]!["siteConfig"]!["appSettings"]!.ToString();

    private IReadOnlyDictionary<string, string> SettingExpressions()
    {
        var text = AppSettings;
        var matches = SettingName.Matches(text);
        return matches.Select((match, i) => (match.Groups["name"].Value,
                text[(match.Index + match.Length)..(i + 1 < matches.Count ? matches[i + 1].Index : text.Length)]))
            .ToDictionary(setting => setting.Item1, setting => setting.Item2);
    }

    [Fact]
    public void No_app_setting_carries_a_storage_key_or_the_database_password()
    {
        var settings = SettingExpressions();

        Assert.NotEmpty(settings);
        Assert.DoesNotContain("listKeys", AppSettings, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey", AppSettings, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("postgresAdminPassword", AppSettings, StringComparison.Ordinal);
        Assert.DoesNotContain("Password=", AppSettings, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.Equal("'managedidentity'", settings["AzureWebJobsStorage__credential"].TrimEnd(')', ' ', ','));
        Assert.Contains("'EntraId'", settings["Postgres__Authentication"]);
        Assert.False(compiled.Resource("storage")["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
    }

    [Fact]
    public void Every_role_the_app_needs_is_granted_to_its_identity_before_the_app_exists()
    {
        var roleIds = compiled.Variable("roleIds").AsObject();
        var app = compiled.Resource("functionApp");
        var dependsOn = app["dependsOn"]!.AsArray().Select(d => d!.GetValue<string>()).ToHashSet();
        var grants = compiled.Resources
            .Where(r => r.Value!["type"]!.GetValue<string>() == "Microsoft.Authorization/roleAssignments")
            .ToDictionary(r => r.Key, r => r.Value!["properties"]!);

        var granted = grants.Values.Select(g => roleIds.Single(role => g["roleDefinitionId"]!.ToString().Contains($"roleIds').{role.Key})")).Key);
        Assert.Equal(["keyVaultSecretsUser", "monitoringMetricsPublisher", "storageBlobDataContributor", "storageQueueDataContributor"],
            granted.Order());
        Assert.All(grants, grant =>
        {
            Assert.Equal("[reference('appIdentity').principalId]", grant.Value["principalId"]!.ToString());
            Assert.Contains(grant.Key, dependsOn);
        });
        // The Entra administrator role on PostgreSQL, and the identity itself, come first too.
        Assert.Contains("postgresEntraAdministrator", dependsOn);
        Assert.Equal("UserAssigned", app["identity"]!["type"]!.ToString());
        Assert.Contains("appIdentity", dependsOn);
        Assert.Equal("[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', format('id-{0}-{1}', variables('name'), variables('suffix')))]",
            app["properties"]!["keyVaultReferenceIdentity"]!.ToString());
    }

    [Fact]
    public void PostgreSQL_Key_Vault_and_storage_are_closed_to_the_public_network_in_production()
    {
        var production = compiled.With(Production);

        Assert.Equal("Disabled", production.Resolve(compiled.Resource("postgres")["properties"]!["network"]!["publicNetworkAccess"]));
        Assert.Equal("Disabled", production.Resolve(compiled.Resource("keyVault")["properties"]!["publicNetworkAccess"]));
        Assert.Equal("Disabled", production.Resolve(compiled.Resource("storage")["properties"]!["publicNetworkAccess"]));
        Assert.DoesNotContain(compiled.Resources, r => r.Value!["type"]!.ToString().EndsWith("/firewallRules", StringComparison.Ordinal));
        // Each is reachable instead on a private endpoint in the app's network.
        var groups = compiled.Variable("privateLinks").AsArray().Select(link => link!["groupId"]!.ToString());
        Assert.Equal(["blob", "postgresqlServer", "queue", "vault"], groups.Order());
        Assert.EndsWith("'app')]", compiled.Resource("functionApp")["properties"]!["virtualNetworkSubnetId"]!.ToString());
    }

    [Theory]
    [InlineData(Production)]
    [InlineData(Dev)]
    public void At_the_maximum_instance_count_both_pools_fit_the_servers_connection_limit(string parameterFile)
    {
        var deployment = compiled.With(parameterFile);
        var settings = SettingExpressions();
        var app = compiled.Resource("functionApp")["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!;

        var instances = int.Parse(deployment.Resolve(app["maximumInstanceCount"])!);
        var perInstance = deployment.Int("postgresMaxPoolSize") + deployment.Int("postgresBookkeepingMaxPoolSize")
            + compiled.Variable("migratorConnections").GetValue<int>();
        var sku = deployment.Resolve(compiled.Resource("postgres")["sku"]!["name"])!;
        var limits = compiled.Variable("postgresMaxConnections").AsObject();
        Assert.True(limits.ContainsKey(sku), $"{sku} is not in the template's table of connection limits");
        var available = limits[sku]!.GetValue<int>() - compiled.Variable("postgresReservedConnections").GetValue<int>();

        Assert.True(instances * perInstance <= available,
            $"{instances} instances x {perInstance} connections = {instances * perInstance} > {available} on {sku}");
        // The pools the budget counts are the ones the app is given.
        Assert.Contains("parameters('postgresMaxPoolSize')", settings["Postgres__MaxPoolSize"]);
        Assert.Contains("parameters('postgresBookkeepingMaxPoolSize')", settings["Postgres__BookkeepingMaxPoolSize"]);
    }

    [Fact]
    public void Production_keeps_a_zone_redundant_standby_35_days_of_backups_in_the_paired_region_and_recoverable_secrets()
    {
        var production = compiled.With(Production);
        var postgres = compiled.Resource("postgres");

        Assert.Equal("ZoneRedundant", production.Resolve(postgres["properties"]!["highAvailability"]!["mode"]));
        Assert.NotEqual("Burstable", production.Resolve(postgres["sku"]!["tier"]));
        Assert.Equal("35", production.Resolve(postgres["properties"]!["backup"]!["backupRetentionDays"]));
        Assert.Equal("Enabled", production.Resolve(postgres["properties"]!["backup"]!["geoRedundantBackup"]));
        Assert.True(compiled.Resource("keyVault")["properties"]!["enablePurgeProtection"]!.GetValue<bool>());
        Assert.True(compiled.Resource("appInsights")["properties"]!["DisableLocalAuth"]!.GetValue<bool>());
    }

    [Fact]
    public void The_dev_parameters_run_without_high_availability()
    {
        var dev = compiled.With(Dev);

        Assert.Equal("Disabled", dev.Resolve(compiled.Resource("postgres")["properties"]!["highAvailability"]!["mode"]));
        Assert.Equal("Burstable", dev.Resolve(compiled.Resource("postgres")["sku"]!["tier"]));
    }

    [Fact]
    public void Azd_deploys_the_functions_project_into_the_app_tagged_with_its_service_name()
    {
        var yaml = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "azure.yaml"))))
        {
            yaml.Load(reader);
        }
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
        var (name, service) = Assert.Single(services.Children);
        var settings = (YamlMappingNode)service;

        Assert.Equal("function", settings["host"].ToString());
        Assert.Equal("dotnet", settings["language"].ToString());
        Assert.True(File.Exists(Path.Combine(TestEnvironment.RepositoryRoot, settings["project"].ToString(), "StellarMemory.Functions.csproj")));
        Assert.Equal(name.ToString(), compiled.Resource("functionApp")["tags"]!.ToString().Split("'azd-service-name', '")[1].Split('\'')[0]);
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "infra", Production)))!["parameters"]!;
        Assert.Equal("${AZURE_ENV_NAME}", parameters["environmentName"]!["value"]!.ToString());
        Assert.Equal("${AZURE_LOCATION}", parameters["location"]!["value"]!.ToString());
        Assert.NotNull(compiled.Template["outputs"]!["functionAppName"]);
        Assert.NotNull(compiled.Template["outputs"]!["functionAppUrl"]);
    }
}
