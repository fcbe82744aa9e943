namespace StellarMemory.Functions.Auth;

/// <summary>The 403 for what needs a verified address (buying a plan), saying how to get there.</summary>
public static class EmailUnverified
{
    public static IActionResult Problem() => ApiResults.Problem(StatusCodes.Status403Forbidden, "email-unverified",
        "Verify your email address first.",
        "Paid plans need a verified address. Follow the link in the verification mail we sent when you registered, "
        + "or ask for a new one: POST /auth/verify/resend.",
        new Dictionary<string, object?> { ["resend"] = "/auth/verify/resend" });
}
