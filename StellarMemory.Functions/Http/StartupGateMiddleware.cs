using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;
using StellarMemory.Core.Storage;

namespace StellarMemory.Functions.Http;

/// <summary>Under the Functions host, which may invoke functions as soon as the worker connects: an HTTP function
/// answers the <see cref="StartupGate"/>'s 503 until the migrations have run; a queue or timer function waits for them,
/// so its message or occurrence is not spent on a missing table.</summary>
public sealed class StartupGateMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http)
        {
            if (StartupGate.Holds(context.InstanceServices, context.FunctionDefinition.Name))
            {
                await StartupGate.Answer(http).ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
                return;
            }
        }
        else
        {
            await context.InstanceServices.GetRequiredService<StartupReadiness>().WaitAsync(context.CancellationToken);
        }
        await next(context);
    }
}
