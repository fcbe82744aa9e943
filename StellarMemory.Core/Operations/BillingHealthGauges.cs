using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Core.Operations;

/// <summary>Billing health as OpenTelemetry observable gauges on the app's Meter: webhook events by provider and
/// state, the age of the oldest unprocessed one, renewals due and failing. A gauge's callback cannot wait on the
/// database, so the figures are read every <see cref="Interval"/> in the background and the gauges report the
/// latest reading; a failed reading keeps the previous one.</summary>
public sealed class BillingHealthGauges : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly BillingHealthProbe _probe;
    private readonly StartupReadiness _readiness;
    private readonly TimeProvider _time;
    private readonly ILogger<BillingHealthGauges> _logger;
    private BillingHealth? _latest;

    public BillingHealthGauges(BillingHealthProbe probe, StartupReadiness readiness, TimeProvider time, ILogger<BillingHealthGauges> logger)
    {
        (_probe, _readiness, _time, _logger) = (probe, readiness, time, logger);
        Instruments =
        [
            StellarTelemetry.Meter.CreateObservableGauge("stellar.billing.webhook_events", WebhookEvents, "{event}",
                "Webhook events by provider and state (received, processed, failed, poison)."),
            StellarTelemetry.Meter.CreateObservableGauge("stellar.billing.webhook_oldest_unprocessed_age", OldestAge, "s",
                "Age of the oldest webhook event not applied yet; 0 when there is none."),
            StellarTelemetry.Meter.CreateObservableGauge("stellar.billing.renewals_due", () => _latest?.Renewals.Due ?? 0, "{subscription}",
                "Renewals we charge that are due now."),
            StellarTelemetry.Meter.CreateObservableGauge("stellar.billing.renewals_failing", () => _latest?.Renewals.Failing ?? 0,
                "{subscription}", "Renewals we charge whose last attempt failed."),
        ];
    }

    /// <summary>This instance's gauges, so a reader can tell them from another host's in the same process.</summary>
    public IReadOnlyList<Instrument> Instruments { get; }

    /// <summary>Reads the figures now; the gauges report them from then on.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken) => _latest = await _probe.ReadAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The tables it reads exist once the migrations have run.
        await _readiness.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(Interval, _time);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                _logger.LogWarning(ex, "Could not read billing health; the gauges keep the previous reading");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private IEnumerable<Measurement<long>> WebhookEvents() => (_latest?.Webhooks ?? []).Select(s => new Measurement<long>(s.Count,
        new KeyValuePair<string, object?>("stellar.billing.provider", s.Provider), new KeyValuePair<string, object?>("stellar.state", s.State)));

    private double OldestAge() => _latest?.OldestUnprocessed?.AgeSeconds ?? 0;
}
