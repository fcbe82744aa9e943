using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace StellarMemory.Functions.PortableHost;

/// <summary>The functions this host runs: every <c>[Function]</c> method in the given assemblies whose
/// trigger we support, narrowed by host.json's <c>functions</c> list when it has one (as the real host does).</summary>
public sealed class FunctionCatalog(IReadOnlyList<FunctionDescriptor> functions)
{
    public IReadOnlyList<FunctionDescriptor> All => functions;

    public IEnumerable<(FunctionDescriptor Function, HttpTriggerAttribute Trigger)> Http =>
        Of<HttpTriggerAttribute>();

    public IEnumerable<(FunctionDescriptor Function, QueueTriggerAttribute Trigger)> Queue =>
        Of<QueueTriggerAttribute>();

    public IEnumerable<(FunctionDescriptor Function, TimerTriggerAttribute Trigger)> Timer =>
        Of<TimerTriggerAttribute>();

    public static FunctionCatalog Discover(IEnumerable<Assembly> assemblies, IConfiguration configuration)
    {
        var allowList = configuration.GetSection(HostJsonConfiguration.Prefix + ":functions").Get<string[]>();
        var found = new List<FunctionDescriptor>();
        foreach (var type in assemblies.SelectMany(a => a.GetExportedTypes()))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
                {
                    continue;
                }
                if (allowList is { Length: > 0 } && !allowList.Contains(function.Name, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }
                var (parameter, trigger) = FindTrigger(method)
                    ?? throw new InvalidOperationException($"Function {function.Name} has no trigger this host supports (HTTP, queue or timer).");
                found.Add(new FunctionDescriptor(function.Name, type, method, parameter, trigger));
            }
        }

        var duplicate = found.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two functions are named {duplicate.Key}.");
        }
        return new FunctionCatalog(found);
    }

    private IEnumerable<(FunctionDescriptor, T)> Of<T>() where T : Attribute =>
        functions.Where(f => f.Trigger is T).Select(f => (f, (T)f.Trigger));

    private static (ParameterInfo, Attribute)? FindTrigger(MethodInfo method)
    {
        foreach (var parameter in method.GetParameters())
        {
            Attribute? trigger = parameter.GetCustomAttribute<HttpTriggerAttribute>();
            trigger ??= parameter.GetCustomAttribute<QueueTriggerAttribute>();
            trigger ??= parameter.GetCustomAttribute<TimerTriggerAttribute>();
            if (trigger is not null)
            {
                return (parameter, trigger);
            }
        }
        return null;
    }
}
