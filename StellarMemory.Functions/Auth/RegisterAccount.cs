using System.Globalization;
using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Auth;

/// <summary>POST /auth/register: an email address becomes a Free account and its first key, shown once; a verification
/// link is mailed to the address.</summary>
public sealed class RegisterAccount(AccountRegistration registration, ClientAddress clientAddress, PublicAddress publicAddress)
{
    [Function(nameof(RegisterAccount))]
    [Description("Creates a Free account for an email address and returns its first API key, shown only here. An address already registered is 409 and gets no key.")]
    [ApiRequestBody(typeof(RegisterRequest), Example = """{"email": "you@example.com"}""")]
    [ApiResponse(StatusCodes.Status201Created, typeof(RegisteredAccount), Description = "The new Free account and its first key; the secret is shown only here.")]
    [ApiProblem(StatusCodes.Status409Conflict, "email-taken")]
    [ApiProblem(StatusCodes.Status429TooManyRequests, "rate-limited")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/register")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RegisterRequest>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        var result = await registration.RegisterAsync(body.Value!.Email, body.Value.Locale, clientAddress.Of(request),
            publicAddress.BaseUrl(request), cancellationToken);
        switch (result)
        {
            case RegistrationResult.Created created:
                return ApiResults.Json(
                    new RegisteredAccount(created.AccountId, created.Email, created.Tier, created.Key.Secret, ApiKeyResponses.Summary(created.Key.Key)),
                    StatusCodes.Status201Created);
            case RegistrationResult.EmailTaken:
                return ApiResults.Problem(StatusCodes.Status409Conflict, "email-taken", "This email address is already registered.",
                    "Use the API key you received when you registered; no new key is issued.");
            case RegistrationResult.RateLimited limited:
                request.HttpContext.Response.Headers.RetryAfter =
                    ((long)Math.Ceiling(limited.Decision.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ApiResults.Problem(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many registrations.",
                    "Too many registrations from this address; try again later.");
            case RegistrationResult.InvalidLocale:
                return ApiResults.InvalidField("locale", "locale must be 'en' or 'ko'.");
            default:
                return ApiResults.InvalidField("email", "A valid email address is required.");
        }
    }
}
