using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Functions;

/// <summary>OpenTelemetry for both hosts, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set and to
/// Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is. With neither, the SDK is not
/// registered at all, so spans and measurements cost nothing.</summary>
public static class StellarTelemetryServiceCollectionExtensions
{
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ApplicationInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string ServiceName = "stellar-memory";

    public static IServiceCollection AddStellarTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]);
        var applicationInsights = configuration[ApplicationInsightsSetting] is { Length: > 0 } value ? value : null;
        if (!otlp && applicationInsights is null)
        {
            return services;
        }
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? ServiceName,
                serviceVersion: typeof(StellarTelemetryServiceCollectionExtensions).Assembly.GetName().Version?.ToString()))
            .WithStellarSignals()
            .WithTracing(tracing =>
            {
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
                if (applicationInsights is not null)
                {
                    tracing.AddAzureMonitorTraceExporter(options => options.ConnectionString = applicationInsights);
                }
            })
            .WithMetrics(metrics =>
            {
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
                if (applicationInsights is not null)
                {
                    metrics.AddAzureMonitorMetricExporter(options => options.ConnectionString = applicationInsights);
                }
            });
        return services;
    }

    /// <summary>What we collect, without exporters: our spans and metrics, ASP.NET Core's requests, and
    /// HttpClient's and Npgsql's metrics.</summary>
    public static IOpenTelemetryBuilder WithStellarSignals(this IOpenTelemetryBuilder builder) => builder
        // Query strings stay redacted (the instrumentation's default): the Toss return carries auth keys there.
        .WithTracing(tracing => tracing.AddSource(StellarTelemetry.Name).AddAspNetCoreInstrumentation())
        .WithMetrics(metrics => metrics.AddMeter(StellarTelemetry.Name, "Npgsql").AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());
}
