using StellarMemory.Core.Accounts;

namespace StellarMemory.Core.Operations;

/// <summary>Who an audited action was taken by: an admin's account (its id, and its email as it was then), or the
/// server's command line, where whoever can run the app's binary with its settings already holds the database.</summary>
public sealed record AdminActor(Guid? AccountId, string Name)
{
    public static readonly AdminActor CommandLine = new(null, "command-line");

    public static AdminActor Of(AdminIdentity admin) => new(admin.AccountId, admin.Email);
}
