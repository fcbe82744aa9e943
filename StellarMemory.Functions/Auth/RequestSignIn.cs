using System.Globalization;
using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Auth;

/// <summary>POST /auth/login {email}: mails a one-time sign-in link (15 minutes) if the address has an account. The
/// answer is 202 either way, so it cannot be used to learn who has an account.</summary>
public sealed class RequestSignIn(EmailSignIn signIn, ClientAddress clientAddress, PublicAddress publicAddress)
{
    [Function(nameof(RequestSignIn))]
    [Description("Mails a one-time sign-in link (15 minutes) if the address has an account. The answer is 202 either way, so it cannot be used to learn who has an account.")]
    [ApiRequestBody(typeof(SignInRequest), Example = """{"email": "you@example.com"}""")]
    [ApiResponse(StatusCodes.Status202Accepted, typeof(SignInRequested))]
    [ApiProblem(StatusCodes.Status429TooManyRequests, "rate-limited")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/login")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<SignInRequest>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        if (EmailAddress.TryParse(body.Value!.Email) is not { } address)
        {
            return ApiResults.InvalidField("email", "A valid email address is required.");
        }
        var decision = await signIn.RequestAsync(address, clientAddress.Of(request), publicAddress.BaseUrl(request), cancellationToken);
        if (!decision.Allowed)
        {
            request.HttpContext.Response.Headers.RetryAfter =
                ((long)Math.Ceiling(decision.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return ApiResults.Problem(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many sign-in requests.",
                "Too many sign-in requests from this address; try again later.");
        }
        return ApiResults.Json(new SignInRequested(
            "If this address has an account, a sign-in link is on its way. It works once, for 15 minutes."),
            StatusCodes.Status202Accepted);
    }
}
