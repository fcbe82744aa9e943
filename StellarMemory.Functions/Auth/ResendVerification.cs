using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Auth;

/// <summary>POST /auth/verify/resend: mails the account a new verification link (5 an hour).</summary>
public sealed class ResendVerification(ApiGate gate, EmailVerification verification, PublicAddress publicAddress)
{
    [Function(nameof(ResendVerification))]
    [Description("Mails the account a new verification link (5 an hour).")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status202Accepted, typeof(VerificationMailQueued), Description = "A new link is on its way.")]
    [ApiProblem(StatusCodes.Status409Conflict, "email-verified")]
    [ApiProblem(StatusCodes.Status429TooManyRequests, "rate-limited")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/verify/resend")] HttpRequest request) =>
        gate.RunAsync(request, nameof(ResendVerification), async call =>
            await verification.ResendAsync(call.Caller.AccountId, publicAddress.BaseUrl(request), request.HttpContext.RequestAborted) switch
            {
                VerificationResult.Sent => ApiResults.Json(new VerificationMailQueued(true), StatusCodes.Status202Accepted),
                VerificationResult.RateLimited => ApiResults.Problem(StatusCodes.Status429TooManyRequests, "rate-limited",
                    "Too many verification mails.", $"At most {EmailVerification.ResendsPerHour} an hour; use the latest mail, or try later."),
                _ => ApiResults.Problem(StatusCodes.Status409Conflict, "email-verified", "The address is already verified."),
            }, GateAccess.ApiKeyOrSession);
}
