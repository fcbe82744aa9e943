using Npgsql;

namespace StellarMemory.Core.Billing;

/// <summary>Accounts as billing sees them: their email, their provider customers and the checkouts they started.</summary>
public sealed class BillingAccounts(NpgsqlDataSource dataSource, TimeProvider time)
{
    public async Task<string?> EmailAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT email FROM accounts WHERE id = @id");
        command.Parameters.AddWithValue("id", accountId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<string?> CustomerAsync(Guid accountId, string provider, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT customer_id FROM billing_customers WHERE account_id = @account AND provider = @provider");
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("provider", provider);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Records the account's customer at a provider; the first one recorded wins.</summary>
    public async Task<string> BindCustomerAsync(Guid accountId, string provider, string customerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO billing_customers (account_id, provider, customer_id, created_at) VALUES (@account, @provider, @customer, @now)
            ON CONFLICT (account_id, provider) DO UPDATE SET customer_id = billing_customers.customer_id
            RETURNING customer_id
            """);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("provider", provider);
        command.Parameters.AddWithValue("customer", customerId);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<Guid?> AccountOfCustomerAsync(string provider, string customerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT account_id FROM billing_customers WHERE provider = @provider AND customer_id = @customer");
        command.Parameters.AddWithValue("provider", provider);
        command.Parameters.AddWithValue("customer", customerId);
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    public async Task<Guid> StartCheckoutAsync(Guid accountId, string provider, string plan, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        await using var command = dataSource.CreateCommand(
            "INSERT INTO billing_checkouts (id, account_id, provider, plan, created_at) VALUES (@id, @account, @provider, @plan, @now)");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("provider", provider);
        command.Parameters.AddWithValue("plan", plan);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
        return id;
    }

    /// <summary>Removes a checkout the provider never opened.</summary>
    public async Task CancelCheckoutAsync(Guid checkoutId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM billing_checkouts WHERE id = @id");
        command.Parameters.AddWithValue("id", checkoutId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The account and plan of a checkout we started with this provider, if it exists.</summary>
    public async Task<(Guid AccountId, string Plan)?> CheckoutAsync(Guid checkoutId, string provider, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT account_id, plan FROM billing_checkouts WHERE id = @id AND provider = @provider");
        command.Parameters.AddWithValue("id", checkoutId);
        command.Parameters.AddWithValue("provider", provider);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetGuid(0), reader.GetString(1)) : null;
    }
}
