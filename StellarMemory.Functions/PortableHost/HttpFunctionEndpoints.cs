using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using StellarMemory.Core.Storage;

namespace StellarMemory.Functions.PortableHost;

/// <summary>Serves every HTTP-triggered function on Kestrel with the route, methods and auth level of its trigger.</summary>
public static class HttpFunctionEndpoints
{
    public static void MapHttpFunctions(this WebApplication app, FunctionCatalog catalog)
    {
        var functionKey = app.Configuration["PortableHost:FunctionKey"];
        foreach (var route in HttpFunctionRoute.All(catalog, app.Configuration))
        {
            var handler = CreateHandler(new FunctionInvoker(route.Function), route.Trigger.AuthLevel, functionKey);
            var endpoint = route.Methods.Count > 0
                ? app.MapMethods(route.Path, route.Methods, handler)
                : app.Map(route.Path, handler);
            endpoint.WithName(route.Function.Name);
        }
    }

    private static RequestDelegate CreateHandler(FunctionInvoker invoker, AuthorizationLevel level, string? functionKey)
    {
        var binders = invoker.Function.Method.GetParameters().Select(CreateBinder).ToArray();
        return async context =>
        {
            if (level != AuthorizationLevel.Anonymous && !HasFunctionKey(context.Request, functionKey))
            {
                await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A function key is required.")
                    .ExecuteAsync(context);
                return;
            }

            object? result;
            try
            {
                result = StartupGate.Holds(context.RequestServices, invoker.Function.Name)
                    ? StartupGate.Answer(context)
                    : await invoker.InvokeAsync(context.RequestServices, binders.Select(bind => bind(context)).ToArray());
            }
            catch (Exception ex) when (TransientFailure.Is(ex) && !context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
            {
                result = DependencyOutage.Answer(context, invoker.Function.Name, ex);
            }
            switch (result)
            {
                case IActionResult actionResult:
                    var actionContext = new ActionContext(context, context.GetRouteData(), new ActionDescriptor());
                    await actionResult.ExecuteResultAsync(actionContext);
                    break;
                case IResult httpResult:
                    await httpResult.ExecuteAsync(context);
                    break;
                case null:
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                    break;
                default:
                    await context.Response.WriteAsJsonAsync(result, result.GetType());
                    break;
            }
        };
    }

    private static Func<HttpContext, object?> CreateBinder(ParameterInfo parameter)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return context => context.Request;
        }
        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return context => context.RequestAborted;
        }
        var name = parameter.Name ?? throw new InvalidOperationException("Unnamed parameter.");
        var converter = TypeDescriptor.GetConverter(parameter.ParameterType);
        return context => context.Request.RouteValues.TryGetValue(name, out var value) && value is not null
            ? converter.ConvertFrom(null, CultureInfo.InvariantCulture, value)
            : parameter.HasDefaultValue ? parameter.DefaultValue : null;
    }

    private static bool HasFunctionKey(HttpRequest request, string? functionKey)
    {
        if (string.IsNullOrEmpty(functionKey))
        {
            return false;
        }
        var presented = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault() ?? "";
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(functionKey));
    }
}
