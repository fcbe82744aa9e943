using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker.Middleware;
using StellarMemory.Core.Storage;

namespace StellarMemory.Functions.Http;

/// <summary>Under the Functions host: turns a dependency failure thrown by an HTTP function into the same 503 the
/// portable host answers (<see cref="DependencyOutage"/>); other triggers keep their failure, for their retries.</summary>
public sealed class DependencyOutageMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (TransientFailure.Is(ex) && context.GetHttpContext() is { Response.HasStarted: false } http)
        {
            var answer = DependencyOutage.Answer(http, context.FunctionDefinition.Name, ex);
            await answer.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
        }
    }
}
