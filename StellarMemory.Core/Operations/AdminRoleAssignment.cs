using Npgsql;
using StellarMemory.Core.Accounts;

namespace StellarMemory.Core.Operations;

/// <summary>Grants and revokes the admin role from the server's command line, each change audited in the same
/// transaction (by <see cref="AdminActor.CommandLine"/>, on the target <c>admin-role:&lt;account&gt;</c>). There is no
/// route for it: whoever may make admins must already hold the server.</summary>
public sealed class AdminRoleAssignment(NpgsqlDataSource dataSource, AdminRoles roles, AdminAudit audit, TimeProvider time)
{
    public enum Outcome { Changed, Unchanged, NoSuchAccount }

    public Task<(Outcome Outcome, AdminIdentity? Admin)> GrantAsync(EmailAddress email, string reason, CancellationToken cancellationToken) =>
        ChangeAsync("grant-admin-role", reason,
            (connection, transaction) => roles.GrantAsync(connection, transaction, email, time.GetUtcNow(), cancellationToken), cancellationToken);

    public Task<(Outcome Outcome, AdminIdentity? Admin)> RevokeAsync(EmailAddress email, string reason, CancellationToken cancellationToken) =>
        ChangeAsync("revoke-admin-role", reason,
            (connection, transaction) => roles.RevokeAsync(connection, transaction, email, cancellationToken), cancellationToken);

    private async Task<(Outcome, AdminIdentity?)> ChangeAsync(string name, string reason,
        Func<NpgsqlConnection, NpgsqlTransaction, Task<(AdminIdentity Admin, bool Changed)?>> change, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await change(connection, transaction) is not { } result)
        {
            return (Outcome.NoSuchAccount, null);
        }
        var (admin, changed) = result;
        if (changed)
        {
            await audit.RecordAsync(connection, transaction,
                new AdminAction(AdminActor.CommandLine, name, AdminAction.AdminRole(admin.AccountId), reason), new { email = admin.Email },
                cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return (changed ? Outcome.Changed : Outcome.Unchanged, admin);
    }
}
