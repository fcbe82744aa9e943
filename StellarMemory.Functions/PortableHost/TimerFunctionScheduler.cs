using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Functions.PortableHost;

/// <summary>Runs one timer-triggered function on its schedule; each occurrence fires on exactly one
/// instance, the one that claims it first in PostgreSQL.</summary>
public sealed class TimerFunctionScheduler(
    FunctionDescriptor function,
    TimerSchedule schedule,
    bool runOnStartup,
    TimerScheduleRepository repository,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<TimerFunctionScheduler> logger,
    StartupReadiness? readiness = null) : BackgroundService
{
    // An occurrence fired later than this after its time is reported as past due.
    private static readonly TimeSpan PastDueTolerance = TimeSpan.FromSeconds(1);
    // A claim the database did not take is tried again after 1 s, 2 s, 4 s... at most a minute apart.
    private static readonly TimeSpan FirstClaimRetry = TimeSpan.FromSeconds(1), LongestClaimRetry = TimeSpan.FromMinutes(1);
    private readonly FunctionInvoker _invoker = new(function);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Occurrences are claimed in a table the migrations create; a missed one is caught up once they have run.
        if (readiness is not null)
        {
            await readiness.WaitAsync(stoppingToken);
        }
        if (runOnStartup)
        {
            await InvokeAsync(previous: null, next: schedule.NextAfter(time.GetUtcNow()), isPastDue: false, stoppingToken);
        }
        await CatchUpMissedOccurrenceAsync(stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            var occurrence = schedule.NextAfter(time.GetUtcNow());
            try
            {
                // Task.Delay may wake a hair early; wait out the remainder so the claim names a real tick.
                while (time.GetUtcNow() < occurrence)
                {
                    await Task.Delay(occurrence - time.GetUtcNow(), time, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
            await ClaimAndInvokeAsync(occurrence, schedule.NextAfter(occurrence), stoppingToken);
        }
    }

    private async Task CatchUpMissedOccurrenceAsync(CancellationToken stoppingToken)
    {
        try
        {
            var status = await repository.GetStatusAsync(function.Name, stoppingToken);
            var now = time.GetUtcNow();
            if (status is not null && status.NextOccurrence < now - PastDueTolerance)
            {
                // However many occurrences were missed, one run makes up for them all; the next one recorded is
                // the next still ahead, so an instance starting before it does not make up for them again.
                await ClaimAndInvokeAsync(status.NextOccurrence, schedule.NextAfter(now), stoppingToken);
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not read the schedule status of timer {Function}", function.Name);
        }
    }

    /// <summary>Claims <paramref name="occurrence"/>, recording <paramref name="next"/> as the one after it, and runs
    /// the function if this instance got it.</summary>
    private async Task ClaimAndInvokeAsync(DateTimeOffset occurrence, DateTimeOffset next, CancellationToken stoppingToken)
    {
        var claim = await TryClaimAsync(occurrence, next, stoppingToken);
        if (claim is null)
        {
            return; // another instance fired this occurrence, or it could not be claimed before the next one
        }
        var isPastDue = time.GetUtcNow() - occurrence > PastDueTolerance;
        await InvokeAsync(claim.PreviousOccurrence, next, isPastDue, stoppingToken);
    }

    // A refused claim is tried again until the next occurrence is due, so that a moment's outage of the database
    // does not cost a nightly job its night. Trying again cannot run an occurrence twice: a claim that was taken
    // although its answer was lost finds the occurrence taken.
    private async Task<TimerScheduleRepository.Claim?> TryClaimAsync(DateTimeOffset occurrence, DateTimeOffset next, CancellationToken stoppingToken)
    {
        for (var wait = FirstClaimRetry; ; wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestClaimRetry.Ticks)))
        {
            try
            {
                return await repository.TryClaimAsync(function.Name, occurrence, next, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (time.GetUtcNow() + wait >= next)
                {
                    logger.LogWarning(ex, "Could not claim occurrence {Occurrence} of timer {Function}; skipping it", occurrence, function.Name);
                    return null;
                }
                logger.LogWarning(ex, "Could not claim occurrence {Occurrence} of timer {Function}; trying again in {Delay}",
                    occurrence, function.Name, wait);
            }
            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }

    private async Task InvokeAsync(DateTimeOffset? previous, DateTimeOffset next, bool isPastDue, CancellationToken stoppingToken)
    {
        var info = new TimerInfo
        {
            IsPastDue = isPastDue,
            ScheduleStatus = new ScheduleStatus
            {
                Last = previous?.UtcDateTime ?? DateTime.MinValue,
                Next = next.UtcDateTime,
                LastUpdated = time.GetUtcNow().UtcDateTime,
            },
        };
        var arguments = function.Method.GetParameters()
            .Select(p => p.ParameterType == typeof(TimerInfo) ? info
                : p.ParameterType == typeof(CancellationToken) ? (object)stoppingToken
                : throw new InvalidOperationException($"Timer function {function.Name} takes '{p.Name}', which this host cannot supply."))
            .ToArray();
        var started = Stopwatch.GetTimestamp();
        // Each run is a trace of its own: nothing outside the schedule caused it, so no ambient span is its parent.
        Activity.Current = null;
        using var activity = StellarTelemetry.Source.StartActivity("timer " + function.Name, ActivityKind.Internal, parentContext: default)?
            .SetTag("stellar.function", function.Name)
            .SetTag("stellar.timer.past_due", isPastDue);
        var outcome = "completed";
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await _invoker.InvokeAsync(scope.ServiceProvider, arguments);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            outcome = "failed";
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            logger.LogError(ex, "Timer function {Function} failed", function.Name);
        }
        var tags = new TagList { { "stellar.function", function.Name }, { "stellar.outcome", outcome } };
        StellarTelemetry.TimerRuns.Add(1, tags);
        StellarTelemetry.TimerDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }
}
