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
    /// <summary>With <c>Authorization=AAD</c> (and the identity's <c>ClientId</c>), telemetry is sent with Entra tokens,
    /// as an Application Insights resource without local authentication requires; the Functions host reads it too.</summary>
    public const string ApplicationInsightsAuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
    public const string ServiceName = "stellar-memory";

    public static IServiceCollection AddStellarTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]);
        var applicationInsights = configuration[ApplicationInsightsSetting] is { Length: > 0 } value ? value : null;
        var applicationInsightsCredential = ApplicationInsightsCredential(configuration[ApplicationInsightsAuthenticationSetting]);
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
                    tracing.AddAzureMonitorTraceExporter(options =>
                    {
                        options.ConnectionString = applicationInsights;
                        options.Credential = applicationInsightsCredential;
                    });
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
                    metrics.AddAzureMonitorMetricExporter(options =>
                    {
                        options.ConnectionString = applicationInsights;
                        options.Credential = applicationInsightsCredential;
                    });
                }
            });
        return services;
    }

    /// <summary>Under the Functions host, which records every HTTP request itself: the worker's own request spans
    /// are then not exported (<see cref="HostRecordedRequestFilter"/>), so each request is counted once.</summary>
    public static IServiceCollection AddFunctionsHostRequestTelemetry(this IServiceCollection services) =>
        services.AddSingleton<FunctionsHostRecordsRequests>();

    /// <summary>What we collect, without exporters: our spans and metrics, ASP.NET Core's requests, and
    /// HttpClient's and Npgsql's metrics.</summary>
    public static IOpenTelemetryBuilder WithStellarSignals(this IOpenTelemetryBuilder builder) => builder
        // Query strings stay redacted (the instrumentation's default): the Toss return carries auth keys there.
        // The filter comes before any exporter, which is added after these signals.
        .WithTracing(tracing => tracing.AddSource(StellarTelemetry.Name).AddAspNetCoreInstrumentation()
            .AddProcessor(services => new HostRecordedRequestFilter(services.GetService<FunctionsHostRecordsRequests>() is not null)))
        .WithMetrics(metrics => metrics.AddMeter(StellarTelemetry.Name, "Npgsql").AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());

    private static Azure.Core.TokenCredential? ApplicationInsightsCredential(string? authentication)
    {
        var parts = (authentication ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        return parts.TryGetValue("Authorization", out var scheme) && scheme.Equals("AAD", StringComparison.OrdinalIgnoreCase)
            ? new Azure.Identity.DefaultAzureCredential(new Azure.Identity.DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = parts.GetValueOrDefault("ClientId"),
            })
            : null;
    }
}
