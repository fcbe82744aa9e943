using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StellarMemory.Functions;

namespace StellarMemory.Tests.Telemetry;

public sealed class TelemetryRegistrationTests
{
    private static ServiceProvider Build(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return new ServiceCollection().AddLogging().AddStellarTelemetry(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Without_an_exporter_setting_no_telemetry_pipeline_is_registered()
    {
        using var services = Build();

        Assert.Null(services.GetService<TracerProvider>());
        Assert.Null(services.GetService<MeterProvider>());
    }

    [Fact]
    public void An_otlp_endpoint_turns_on_traces_and_metrics()
    {
        using var services = Build((StellarTelemetryServiceCollectionExtensions.OtlpEndpointSetting, "http://127.0.0.1:4317"));

        Assert.NotNull(services.GetService<TracerProvider>());
        Assert.NotNull(services.GetService<MeterProvider>());
    }

    [Fact]
    public void An_application_insights_connection_string_turns_on_traces_and_metrics()
    {
        using var services = Build((StellarTelemetryServiceCollectionExtensions.ApplicationInsightsSetting,
            "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/"));

        Assert.NotNull(services.GetService<TracerProvider>());
        Assert.NotNull(services.GetService<MeterProvider>());
    }
}
