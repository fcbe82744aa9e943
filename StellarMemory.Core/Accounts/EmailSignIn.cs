using Microsoft.Extensions.Configuration;
using StellarMemory.Core.Mail;
using StellarMemory.Core.Usage;

namespace StellarMemory.Core.Accounts;

/// <summary>Sign-in by emailed link. Asking never says whether an address has an account (the answer is the same
/// either way); at most <see cref="MailsPerAddressPerHour"/> sign-in mails go to one address an hour, however many
/// are asked for (the rest are dropped silently), and a client address may ask <c>Accounts:SignInPerClientPerHour</c>
/// times an hour (default 30). Following the link opens a session and proves the address, like a verification link.</summary>
public sealed class EmailSignIn(
    AccountLinks links,
    AccountProfiles profiles,
    SessionStore sessions,
    EmailVerification verification,
    MailOutbox mail,
    SlidingWindowRateLimiter rateLimiter,
    IConfiguration configuration)
{
    public const int MailsPerAddressPerHour = 5;

    public static string LinkFor(string baseUrl, string token) => $"{baseUrl}/auth/login/callback?token={token}";

    /// <summary>The client address's limit decision: refused when it asked too often; otherwise allowed, whether or not
    /// a mail was sent.</summary>
    public async Task<RateLimitDecision> RequestAsync(EmailAddress address, string clientAddress, string baseUrl,
        CancellationToken cancellationToken)
    {
        var perClient = configuration.GetValue("Accounts:SignInPerClientPerHour", 30);
        var client = await rateLimiter.HitAsync("sign-in-client:" + clientAddress, perClient, TimeSpan.FromHours(1), cancellationToken);
        if (!client.Allowed)
        {
            return client;
        }
        // Counted for every address, with or without an account, so the limit itself reveals nothing; keyed by a
        // digest, so the counters do not keep strangers' addresses.
        var bucket = "sign-in-address:" + Convert.ToHexString(AccountLinks.Hash(address.Normalized));
        var perAddress = await rateLimiter.HitAsync(bucket, MailsPerAddressPerHour, TimeSpan.FromHours(1), cancellationToken);
        if (perAddress.Allowed && await profiles.FindByEmailAsync(address, cancellationToken) is { } account)
        {
            var token = await links.IssueAsync(account.Id, LinkPurpose.SignIn, cancellationToken);
            await mail.EnqueueAsync(AccountMessages.SignIn(account.Email, account.Locale, LinkFor(baseUrl, token)), cancellationToken);
        }
        return client;
    }

    /// <summary>Uses a sign-in link: a new session, or null for a used, expired or unknown link.</summary>
    public async Task<OpenedSession?> CompleteAsync(string? token, CancellationToken cancellationToken)
    {
        if (await links.ConsumeAsync(token, LinkPurpose.SignIn, cancellationToken) is not LinkCheck.Accepted accepted)
        {
            return null;
        }
        await verification.MarkVerifiedAsync(accepted.AccountId, cancellationToken);
        return await sessions.OpenAsync(accepted.AccountId, cancellationToken);
    }
}
