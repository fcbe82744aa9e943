using Npgsql;

namespace StellarMemory.Core.Accounts;

/// <summary>The admin role (<c>admin_roles</c>), its only writer. Every admin request asks <see cref="FindAsync"/>, with
/// no cache, so a revocation holds from the next request; a suspended account's role does not count while it is
/// suspended.</summary>
public sealed class AdminRoles(NpgsqlDataSource dataSource)
{
    /// <summary>The admin an account is, or null when it has no role (or is suspended).</summary>
    public async Task<AdminIdentity?> FindAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT a.email FROM admin_roles r JOIN accounts a ON a.id = r.account_id
            WHERE r.account_id = @account AND a.suspended_at IS NULL
            """);
        command.Parameters.AddWithValue("account", accountId);
        return await command.ExecuteScalarAsync(cancellationToken) is string email ? new AdminIdentity(accountId, email) : null;
    }

    /// <summary>Gives the role to the account of <paramref name="email"/>, in the caller's transaction. Returns the admin
    /// and whether the role is new, or null when no account has that email.</summary>
    public async Task<(AdminIdentity Admin, bool Granted)?> GrantAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        EmailAddress email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await FindByEmailAsync(connection, transaction, email, cancellationToken) is not { } admin)
        {
            return null;
        }
        await using var insert = new NpgsqlCommand(
            "INSERT INTO admin_roles (account_id, granted_at) VALUES (@account, @now) ON CONFLICT (account_id) DO NOTHING",
            connection, transaction);
        insert.Parameters.AddWithValue("account", admin.AccountId);
        insert.Parameters.AddWithValue("now", now);
        return (admin, await insert.ExecuteNonQueryAsync(cancellationToken) == 1);
    }

    /// <summary>Takes the role from the account of <paramref name="email"/>, in the caller's transaction. Returns the
    /// account and whether it held the role, or null when no account has that email.</summary>
    public async Task<(AdminIdentity Admin, bool Revoked)?> RevokeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        EmailAddress email, CancellationToken cancellationToken)
    {
        if (await FindByEmailAsync(connection, transaction, email, cancellationToken) is not { } admin)
        {
            return null;
        }
        await using var delete = new NpgsqlCommand("DELETE FROM admin_roles WHERE account_id = @account", connection, transaction);
        delete.Parameters.AddWithValue("account", admin.AccountId);
        return (admin, await delete.ExecuteNonQueryAsync(cancellationToken) == 1);
    }

    /// <summary>Every admin, oldest grant first, with when it was granted and whether the account is suspended.</summary>
    public async Task<IReadOnlyList<(AdminIdentity Admin, DateTimeOffset GrantedAt, bool Suspended)>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT a.id, a.email, r.granted_at, a.suspended_at IS NOT NULL FROM admin_roles r JOIN accounts a ON a.id = r.account_id
            ORDER BY r.granted_at, a.email
            """);
        var admins = new List<(AdminIdentity, DateTimeOffset, bool)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            admins.Add((new AdminIdentity(reader.GetGuid(0), reader.GetString(1)), reader.GetFieldValue<DateTimeOffset>(2), reader.GetBoolean(3)));
        }
        return admins;
    }

    private static async Task<AdminIdentity?> FindByEmailAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EmailAddress email,
        CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(
            "SELECT id, email FROM accounts WHERE email_normalized = @email FOR UPDATE", connection, transaction);
        select.Parameters.AddWithValue("email", email.Normalized);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new AdminIdentity(reader.GetGuid(0), reader.GetString(1)) : null;
    }
}
