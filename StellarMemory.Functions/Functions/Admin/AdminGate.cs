using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using StellarMemory.Core.Accounts;
using StellarMemory.Core.Operations;
using StellarMemory.Functions.Functions.Http;

namespace StellarMemory.Functions.Functions.Admin;

/// <summary>What every admin route does first: admin off, 404; an API key (in X-API-Key, or a bearer shaped like
/// one), 403, since customers' keys never open admin routes; no credential or a wrong one, 401; an admin, the
/// work runs with the admin's name for the audit. The credential itself is never logged.</summary>
public sealed class AdminGate(AdminAuthorizer authorizer)
{
    public async Task<IActionResult> RunAsync(HttpRequest request, Func<string, Task<IActionResult>> handler)
    {
        if (!authorizer.Enabled)
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, "admin-not-enabled", "Admin is not enabled.",
                "This deployment has no admin access configured (setting Admin__Token).");
        }
        var authorization = request.Headers.Authorization.ToString();
        var bearer = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
        if (authorizer.ActorOf(bearer) is { } actor && !request.Headers.ContainsKey("X-API-Key"))
        {
            return await handler(actor);
        }
        if (request.Headers.ContainsKey("X-API-Key") || (bearer is not null && ApiKeyGenerator.LooksLikeKey(bearer)))
        {
            return ApiResults.Problem(StatusCodes.Status403Forbidden, "admin-only", "API keys cannot use admin routes.",
                "Admin routes take the admin credential only, never an account's API key.");
        }
        request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiResults.Problem(StatusCodes.Status401Unauthorized, "unauthorized", "Admin credentials are required.",
            bearer is null ? "Send the admin token as 'Authorization: Bearer ...'." : "The admin token sent is not valid.");
    }

    /// <summary>An audited action on one target whose body is only the reason: the body read, the reason and the id
    /// checked (an id that is not one answers 404 for <paramref name="target"/>), then the action with its audit entry.</summary>
    public Task<IActionResult> RunReasonedAsync(HttpRequest request, string id, string target,
        Func<string, Guid, string, CancellationToken, Task<IActionResult>> act) =>
        RunAsync(request, async actor =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var body = await JsonBody.ReadAsync<AdminReasonRequest>(request, cancellationToken);
            if (body.Problem is not null)
            {
                return body.Problem;
            }
            if (AdminRequests.RefuseReason(body.Value!.Reason) is { } refused)
            {
                return refused;
            }
            return AdminRequests.Id(id) is { } targetId
                ? await act(actor, targetId, body.Value.Reason!, cancellationToken)
                : ApiResults.NotFound(target);
        });
}
