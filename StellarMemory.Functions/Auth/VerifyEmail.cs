using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Auth;

/// <summary>GET or POST /auth/verify?token=: follows a verification link. A browser (GET) is sent to the landing page
/// with the outcome in the query (<c>?email=verified</c> or <c>?email=invalid-link</c>); a program (POST) gets JSON.
/// Following it again is harmless.</summary>
public sealed class VerifyEmail(EmailVerification verification, PublicAddress publicAddress)
{
    [Function(nameof(VerifyEmail))]
    [Description("Follows a verification link. A browser (GET) is sent to the landing page with the outcome in the query (`?email=verified` or `?email=invalid-link`); a program (POST) gets JSON. Following it again is harmless.")]
    [ApiQuery("token", typeof(string), "The token of the mailed link.", Required = true)]
    [ApiResponse(StatusCodes.Status200OK, typeof(EmailVerified), Description = "The address is verified (POST).")]
    [ApiResponse(StatusCodes.Status302Found, Description = "To the landing page, with the outcome (GET).")]
    [ApiProblem(StatusCodes.Status400BadRequest, "invalid-link")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/verify")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var result = await verification.VerifyAsync(request.Query["token"].FirstOrDefault(), cancellationToken);
        var verified = result is VerificationResult.Verified or VerificationResult.AlreadyVerified;
        if (HttpMethods.IsGet(request.Method))
        {
            return new RedirectResult($"{publicAddress.BaseUrl(request)}/?email={(verified ? "verified" : "invalid-link")}",
                permanent: false, preserveMethod: false) { };
        }
        return verified
            ? ApiResults.Json(new EmailVerified(true, result == VerificationResult.AlreadyVerified))
            : ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid-link", "This link does not work.",
                "The link is unknown, expired or already used. Ask for a new one: POST /auth/verify/resend (with your key or session).");
    }
}
