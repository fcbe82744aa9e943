using Npgsql;

namespace StellarMemory.Core.Plans;

/// <summary>Answers "what may this account do now" from its effective tier.</summary>
public sealed class Entitlements(NpgsqlDataSource dataSource)
{
    /// <summary>The plan of a tier read by the caller (under its own lock, say), so checks and writes agree.</summary>
    public Plan ForTier(string tier) => PlanCatalog.ForTier(tier);

    public async Task<Plan> PlanForAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT tier FROM accounts WHERE id = @id");
        command.Parameters.AddWithValue("id", accountId);
        return PlanCatalog.ForTier(await command.ExecuteScalarAsync(cancellationToken) as string);
    }
}
