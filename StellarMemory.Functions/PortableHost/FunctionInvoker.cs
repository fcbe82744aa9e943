using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace StellarMemory.Functions.PortableHost;

/// <summary>Creates a function's class through DI for each invocation, as the real host does, and awaits its result.</summary>
public sealed class FunctionInvoker(FunctionDescriptor function)
{
    private readonly ObjectFactory _factory = ActivatorUtilities.CreateFactory(function.Type, Type.EmptyTypes);
    private readonly PropertyInfo? _taskResult = ResultPropertyOf(function.Method.ReturnType);

    public FunctionDescriptor Function => function;

    public async Task<object?> InvokeAsync(IServiceProvider services, object?[] arguments)
    {
        var instance = function.Method.IsStatic ? null : _factory(services, null);
        try
        {
            var returned = function.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, null, arguments, null);
            switch (returned)
            {
                case Task task:
                    await task;
                    return _taskResult?.GetValue(task);
                case ValueTask valueTask:
                    await valueTask;
                    return null;
                default:
                    return returned;
            }
        }
        finally
        {
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    private static PropertyInfo? ResultPropertyOf(Type returnType) =>
        returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>)
            ? returnType.GetProperty(nameof(Task<object>.Result))
            : null;
}
