using Microsoft.Extensions.Configuration;
using Npgsql;
using StellarMemory.Core.Mail;
using StellarMemory.Core.Usage;

namespace StellarMemory.Core.Accounts;

/// <summary>Proves an account's address belongs to its owner: a mailed one-time link, valid 7 days. Following a used
/// link of an account that is verified is harmless (a mail client that opens links to preview them, a second click).
/// Paid plans need a verified address, so nobody can buy a plan for someone else's address.</summary>
public sealed class EmailVerification(
    NpgsqlDataSource dataSource,
    AccountLinks links,
    AccountProfiles profiles,
    MailOutbox mail,
    SlidingWindowRateLimiter rateLimiter,
    IConfiguration configuration,
    TimeProvider time)
{
    /// <summary>Whether the account may start a checkout: with a verified address, unless the deployment turns the rule
    /// off (<c>Accounts:CheckoutRequiresVerifiedEmail</c>, default true).</summary>
    public async Task<bool> CheckoutAllowedAsync(Guid accountId, CancellationToken cancellationToken) =>
        !configuration.GetValue("Accounts:CheckoutRequiresVerifiedEmail", true) || await IsVerifiedAsync(accountId, cancellationToken);

    /// <summary>Verification mails an account may ask for per hour.</summary>
    public const int ResendsPerHour = 5;

    public static string LinkFor(string baseUrl, string token) => $"{baseUrl}/auth/verify?token={token}";

    public async Task<VerificationResult> VerifyAsync(string? token, CancellationToken cancellationToken)
    {
        switch (await links.ConsumeAsync(token, LinkPurpose.VerifyEmail, cancellationToken))
        {
            case LinkCheck.Accepted accepted:
                await MarkVerifiedAsync(accepted.AccountId, cancellationToken);
                return VerificationResult.Verified;
            case LinkCheck.AlreadyUsed used when (await profiles.FindAsync(used.AccountId, cancellationToken))?.EmailVerified == true:
                return VerificationResult.AlreadyVerified;
            default:
                return VerificationResult.InvalidLink;
        }
    }

    /// <summary>Marks the address proven; a sign-in link proves it too, since it reached the same mailbox.</summary>
    public async Task MarkVerifiedAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE accounts SET email_verified_at = @now WHERE id = @account AND email_verified_at IS NULL");
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> IsVerifiedAsync(Guid accountId, CancellationToken cancellationToken) =>
        (await profiles.FindAsync(accountId, cancellationToken))?.EmailVerified == true;

    /// <summary>Mails a new link (earlier ones keep working until they expire).</summary>
    public async Task<VerificationResult> ResendAsync(Guid accountId, string baseUrl, CancellationToken cancellationToken)
    {
        if (await profiles.FindAsync(accountId, cancellationToken) is not { } profile || profile.EmailVerified)
        {
            return VerificationResult.AlreadyVerified;
        }
        var decision = await rateLimiter.HitAsync("verify-resend:" + accountId, ResendsPerHour, TimeSpan.FromHours(1), cancellationToken);
        if (!decision.Allowed)
        {
            return VerificationResult.RateLimited;
        }
        var token = await links.IssueAsync(accountId, LinkPurpose.VerifyEmail, cancellationToken);
        await mail.EnqueueAsync(AccountMessages.Verify(profile.Email, profile.Locale, LinkFor(baseUrl, token)), cancellationToken);
        return VerificationResult.Sent;
    }
}
