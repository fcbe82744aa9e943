using StellarMemory.Core.Operations;

namespace StellarMemory.Functions.Admin;

/// <summary>POST /admin/subscriptions/{id}/grace: gives a past-due subscription more days before its plan ends.</summary>
public sealed class ExtendGracePeriod(AdminGate gate, GracePeriodExtension extension)
{
    /// <summary>How many more days, and why.</summary>
    public sealed record GraceExtensionRequest(int? Days, string? Reason);

    /// <summary>When the grace period now ends.</summary>
    public sealed record GraceExtended(Guid SubscriptionId, DateTimeOffset GraceEndsAt);

    [Function(nameof(ExtendGracePeriod))]
    [Description("Gives a past-due subscription more days before its plan ends.")]
    [RequiresAdminSession]
    [ApiRequestBody(typeof(GraceExtensionRequest), Example = """{"days": 7, "reason": "Card replaced; the customer asked for a week to pay."}""")]
    [ApiResponse(StatusCodes.Status200OK, typeof(GraceExtended))]
    [ApiProblem(StatusCodes.Status404NotFound, "not-found")]
    [ApiProblem(StatusCodes.Status409Conflict, "not-past-due")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/subscriptions/{id}/grace")] HttpRequest request,
        string id) =>
        gate.RunAsync(request, async actor =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var body = await JsonBody.ReadAsync<GraceExtensionRequest>(request, cancellationToken);
            if (body.Problem is not null)
            {
                return body.Problem;
            }
            var (days, reason) = body.Value!;
            if (AdminRequests.RefuseReason(reason) is { } refused)
            {
                return refused;
            }
            if (days is not (>= 1 and <= GracePeriodExtension.MaxDays))
            {
                return ApiResults.InvalidField("days", $"days must be a whole number from 1 to {GracePeriodExtension.MaxDays}.");
            }
            if (AdminRequests.Id(id) is not { } subscriptionId)
            {
                return ApiResults.NotFound("subscription");
            }
            return await extension.ExtendAsync(actor, subscriptionId, days.Value, reason!, cancellationToken) switch
            {
                (GracePeriodExtension.Outcome.Extended, { } endsAt) => ApiResults.Json(new GraceExtended(subscriptionId, endsAt)),
                (GracePeriodExtension.Outcome.NotPastDue, _) => ApiResults.Problem(StatusCodes.Status409Conflict, "not-past-due",
                    "The subscription is not past due.", "Only a past-due subscription has a grace period to extend."),
                _ => ApiResults.NotFound("subscription"),
            };
        });
}
