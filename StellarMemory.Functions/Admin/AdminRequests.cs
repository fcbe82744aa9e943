using StellarMemory.Core.Operations;

namespace StellarMemory.Functions.Admin;

/// <summary>What admin actions share: the reason every action must give, and ids in paths.</summary>
public static class AdminRequests
{
    public static IActionResult? RefuseReason(string? reason) => AdminAudit.IsReason(reason)
        ? null
        : ApiResults.InvalidField("reason", $"Every admin action needs a reason of 1 to {AdminAudit.MaxReasonLength} characters; the audit records it.");

    public static Guid? Id(string id) => Guid.TryParse(id, out var parsed) ? parsed : null;
}
