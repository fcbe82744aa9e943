using Npgsql;

namespace StellarMemory.Core.Plans;

/// <summary>Answers "what may this account do now" from its effective tier.</summary>
public sealed class Entitlements(NpgsqlDataSource dataSource)
{
    public async Task<Plan> PlanForAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT tier FROM accounts WHERE id = @id");
        command.Parameters.AddWithValue("id", accountId);
        return PlanCatalog.ForTier(await command.ExecuteScalarAsync(cancellationToken) as string);
    }
}
