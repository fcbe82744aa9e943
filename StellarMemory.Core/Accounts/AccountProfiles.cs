using Npgsql;

namespace StellarMemory.Core.Accounts;

/// <summary>Reads accounts by id or by address.</summary>
public sealed class AccountProfiles(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, email, locale, tier, created_at, email_verified_at";

    public Task<AccountProfile?> FindAsync(Guid accountId, CancellationToken cancellationToken) =>
        ReadOneAsync($"SELECT {Columns} FROM accounts WHERE id = @value", accountId, cancellationToken);

    public Task<AccountProfile?> FindByEmailAsync(EmailAddress address, CancellationToken cancellationToken) =>
        ReadOneAsync($"SELECT {Columns} FROM accounts WHERE email_normalized = @value", address.Normalized, cancellationToken);

    private async Task<AccountProfile?> ReadOneAsync<T>(string sql, T value, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("value", value!);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new AccountProfile(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
    }
}
