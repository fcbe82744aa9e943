using Microsoft.Extensions.Configuration;
using Npgsql;
using StellarMemory.Core.Mail;
using StellarMemory.Core.Plans;
using StellarMemory.Core.Usage;

namespace StellarMemory.Core.Accounts;

/// <summary>Creates an account on Free with its first key. An address already registered, in any letter
/// case, gets nothing: registering must never hand out access to someone else's account. Attempts are
/// limited per client address (setting <c>Registration:PerAddressPerHour</c>, default 10). The new account is mailed a
/// verification link; the owner of a verified address that someone tries to register again is mailed a notice (at most
/// <see cref="NoticesPerHour"/> an hour, so registering cannot be used to flood a mailbox).</summary>
public sealed class AccountRegistration(
    NpgsqlDataSource dataSource,
    SlidingWindowRateLimiter rateLimiter,
    IConfiguration configuration,
    AccountLinks links,
    AccountProfiles profiles,
    MailOutbox mail,
    TimeProvider time)
{
    public const int NoticesPerHour = 3;

    /// <param name="baseUrl">Where the mailed links point (this deployment's public address).</param>
    public async Task<RegistrationResult> RegisterAsync(string? email, string? locale, string clientAddress, string baseUrl,
        CancellationToken cancellationToken)
    {
        var limit = configuration.GetValue("Registration:PerAddressPerHour", 10);
        var decision = await rateLimiter.HitAsync("register:" + clientAddress, limit, TimeSpan.FromHours(1), cancellationToken);
        if (!decision.Allowed)
        {
            return new RegistrationResult.RateLimited(decision);
        }
        if (EmailAddress.TryParse(email) is not { } address)
        {
            return new RegistrationResult.InvalidEmail();
        }
        locale ??= MailLocale.English;
        if (!MailLocale.IsSupported(locale))
        {
            return new RegistrationResult.InvalidLocale();
        }

        var accountId = Guid.CreateVersion7();
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO accounts (id, email, email_normalized, tier, created_at, locale)
            VALUES (@id, @email, @normalized, @tier, @now, @locale)
            ON CONFLICT (email_normalized) DO NOTHING
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("id", accountId);
            insert.Parameters.AddWithValue("email", address.Value);
            insert.Parameters.AddWithValue("normalized", address.Normalized);
            insert.Parameters.AddWithValue("tier", PlanCatalog.Free);
            insert.Parameters.AddWithValue("now", now);
            insert.Parameters.AddWithValue("locale", locale);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                await NotifyOwnerAsync(address, baseUrl, cancellationToken);
                return new RegistrationResult.EmailTaken();
            }
        }

        var key = await ApiKeyStore.InsertAsync(connection, transaction, accountId, "default", now, cancellationToken);
        var token = await links.IssueAsync(connection, transaction, accountId, LinkPurpose.VerifyEmail, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await mail.EnqueueAsync(AccountMessages.Verify(address.Value, locale, EmailVerification.LinkFor(baseUrl, token)), cancellationToken);
        return new RegistrationResult.Created(accountId, address.Value, PlanCatalog.Free, key);
    }

    // Only a verified address has an owner to tell; an unverified one may itself be someone else's attempt.
    private async Task NotifyOwnerAsync(EmailAddress address, string baseUrl, CancellationToken cancellationToken)
    {
        if (await profiles.FindByEmailAsync(address, cancellationToken) is not { EmailVerified: true } owner)
        {
            return;
        }
        var bucket = "registration-notice:" + Convert.ToHexString(AccountLinks.Hash(address.Normalized));
        if ((await rateLimiter.HitAsync(bucket, NoticesPerHour, TimeSpan.FromHours(1), cancellationToken)).Allowed)
        {
            await mail.EnqueueAsync(AccountMessages.RegistrationAttempt(owner.Email, owner.Locale, baseUrl + "/"), cancellationToken);
        }
    }
}
