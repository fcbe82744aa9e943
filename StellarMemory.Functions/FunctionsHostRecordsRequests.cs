namespace StellarMemory.Functions;

/// <summary>Registered when the worker runs under the Functions host, which records each HTTP request (with its
/// duration and result) before passing it to the worker.</summary>
public sealed class FunctionsHostRecordsRequests;
