using StellarMemory.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace StellarMemory.Tests.Infra;

/// <summary>compose.yaml, the self-host path, parses as YAML and wires what the README promises: the API built from
/// the Dockerfile, published on loopback only, after PostgreSQL is healthy.</summary>
public sealed class ComposeFileTests
{
    [Fact]
    public void Compose_file_parses_and_starts_the_api_after_its_services_on_loopback()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(TestEnvironment.RepositoryRoot, "compose.yaml")))
        {
            yaml.Load(reader);
        }

        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents.Single().RootNode)["services"];
        Assert.Equal(["api", "azurite", "postgres"], services.Children.Keys.Select(key => key.ToString()).Order());
        var api = (YamlMappingNode)services["api"];
        Assert.Equal(".", api["build"].ToString());
        Assert.All(((YamlSequenceNode)api["ports"]).Children, port => Assert.StartsWith("127.0.0.1:", port.ToString()));
        Assert.Equal("service_healthy", ((YamlMappingNode)((YamlMappingNode)api["depends_on"])["postgres"])["condition"].ToString());
        var environment = (YamlMappingNode)api["environment"];
        Assert.Contains(new YamlScalarNode("ConnectionStrings__Postgres"), environment.Children.Keys);
        Assert.Contains(new YamlScalarNode("AzureWebJobsStorage"), environment.Children.Keys);
    }
}
