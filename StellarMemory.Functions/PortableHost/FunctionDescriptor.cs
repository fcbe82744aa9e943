using System.Reflection;

namespace StellarMemory.Functions.PortableHost;

/// <summary>One <c>[Function]</c> method found by reflection, with the trigger attribute that starts it.</summary>
public sealed record FunctionDescriptor(string Name, Type Type, MethodInfo Method, ParameterInfo TriggerParameter, Attribute Trigger);
