namespace StellarMemory.Functions.Admin;

/// <summary>The body of an admin action that needs only its reason, which the audit records.</summary>
public sealed record AdminReasonRequest(string? Reason);
