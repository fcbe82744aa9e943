namespace StellarMemory.Functions.OpenApi;

/// <summary>Documents a field of a request body that the function refuses when it is absent. The record keeps the
/// field nullable so that the function, not the serializer, says what is wrong; the schema lists it as required.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ApiRequiredAttribute : Attribute;
