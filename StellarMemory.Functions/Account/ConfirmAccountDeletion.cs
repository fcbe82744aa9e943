using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Account;

/// <summary>/account/delete/confirm?token=: the mailed link. GET only shows a page with a button, because mail
/// programs open links to preview them and must not delete anything; the button (a plain form, no script) POSTs, and
/// the POST deletes the account.</summary>
public sealed class ConfirmAccountDeletion(AccountDeletion deletion)
{
    [Function(nameof(ConfirmAccountDeletion))]
    [Description("The mailed link that confirms a deletion. GET only shows a page with a button, because mail programs open links to preview them and must not delete anything; the button (a plain form, no script) POSTs, and the POST deletes the account.")]
    [ApiQuery("token", typeof(string), "The token of the mailed link.", Required = true)]
    [ApiResponse(StatusCodes.Status200OK, typeof(AccountDeleted), Description = "Deleted (POST); GET shows the confirmation page.")]
    [ApiProblem(StatusCodes.Status400BadRequest, "invalid-link")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "account/delete/confirm")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var token = request.Query["token"].FirstOrDefault();
        var fromForm = request.HasFormContentType;
        if (HttpMethods.IsGet(request.Method))
        {
            return PlainPage.Create("Delete your Stellar Memory account?",
                "<p>This deletes every memory and key of the account and cancels its subscription. It cannot be undone.</p>"
                + PlainPage.ConfirmButton("/account/delete/confirm", token, "Delete my account"), request);
        }
        if (!await deletion.ConfirmAsync(token, cancellationToken))
        {
            return fromForm
                ? PlainPage.Create("This link does not work", "<p>It was used already or has expired. Sign in and ask again.</p>", request, StatusCodes.Status400BadRequest)
                : ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid-link", "This link does not work.",
                    "Deletion links work once, for 15 minutes. Sign in and ask again: DELETE /account.");
        }
        return fromForm
            ? PlainPage.Create("Your account is deleted", "<p>Every memory and key is gone. Thank you for using Stellar Memory.</p>", request)
            : ApiResults.Json(new AccountDeleted(true));
    }
}

/// <summary>Response of POST /account/delete/confirm.</summary>
public sealed record AccountDeleted(bool Deleted);
