using Microsoft.AspNetCore.Mvc.Infrastructure;
using StellarMemory.Core.Accounts;
using StellarMemory.Core.Operations;
using StellarMemory.Functions.Auth;

namespace StellarMemory.Functions.Admin;

/// <summary>What every admin route does first. Admin routes take a signed-in browser's session (the cookie of the
/// emailed-link sign-in) whose account holds the admin role, and nothing else: a request that carries an API key or
/// any other credential in Authorization or X-API-Key gets 403 <c>admin-only</c>, whoever sends it; no live session,
/// 401; a session of an account without the role, 403 <c>admin-only</c>; a cookie-signed change without our page's
/// CSRF token, 403 <c>csrf</c>. The role is read on every request, so a revocation holds from the next one.</summary>
public sealed class AdminGate(SessionAuthenticator sessions, AdminRoles roles)
{
    public async Task<IActionResult> RunAsync(HttpRequest request, Func<AdminActor, Task<IActionResult>> handler)
    {
        if (request.Headers.Authorization.Count > 0 || request.Headers["X-API-Key"].Count > 0)
        {
            return ApiResults.Problem(StatusCodes.Status403Forbidden, "admin-only", "API keys cannot use admin routes.",
                "Admin routes take a signed-in admin's session only, never an API key or another credential in Authorization or X-API-Key.");
        }
        var authentication = await sessions.AuthenticateAsync(request);
        if (authentication.Problem is IStatusCodeActionResult { StatusCode: StatusCodes.Status401Unauthorized })
        {
            return ApiResults.Problem(StatusCodes.Status401Unauthorized, "unauthorized", "Sign in first.",
                "Admin routes need a signed-in admin: sign in by email (POST /auth/login, or the home page) with the account that holds "
                + "the admin role, and follow the mailed link.");
        }
        if (authentication.Problem is { } refused)
        {
            return refused;
        }
        if (await roles.FindAsync(authentication.Key!.Value.AccountId, request.HttpContext.RequestAborted) is not { } admin)
        {
            return ApiResults.Problem(StatusCodes.Status403Forbidden, "admin-only", "This account is not an admin.",
                "The signed-in account does not hold the admin role; an operator grants it on the server (admin grant <email>).");
        }
        return await handler(AdminActor.Of(admin));
    }

    /// <summary>An audited action on one target whose body is only the reason: the body read, the reason and the id
    /// checked (an id that is not one answers 404 for <paramref name="target"/>), then the action with its audit entry.</summary>
    public Task<IActionResult> RunReasonedAsync(HttpRequest request, string id, string target,
        Func<AdminActor, Guid, string, CancellationToken, Task<IActionResult>> act) =>
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
