using System.Diagnostics;
using OpenTelemetry;

namespace StellarMemory.Functions;

/// <summary>Under the Functions host every HTTP request reaches the worker twice in telemetry: the host records it, then
/// forwards it to the worker's Kestrel, whose ASP.NET Core span would be a second request with the same route. This
/// keeps the host's as the one request: the worker's server span is left out of export when it ends. It is still
/// recorded while it runs, so the spans under it (queries, messages sent) are sampled and exported with its trace.</summary>
public sealed class HostRecordedRequestFilter(bool hostRecordsRequests) : BaseProcessor<Activity>
{
    private const string AspNetCoreSource = "Microsoft.AspNetCore";

    public override void OnEnd(Activity data)
    {
        if (hostRecordsRequests && data.Kind == ActivityKind.Server && data.Source.Name == AspNetCoreSource)
        {
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }
}
