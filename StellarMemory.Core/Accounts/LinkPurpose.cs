namespace StellarMemory.Core.Accounts;

/// <summary>What a mailed link does, and for how long it works.</summary>
public sealed record LinkPurpose(string Name, TimeSpan Lifetime)
{
    public static readonly LinkPurpose VerifyEmail = new("verify-email", TimeSpan.FromDays(7));
    public static readonly LinkPurpose SignIn = new("sign-in", TimeSpan.FromMinutes(15));
    public static readonly LinkPurpose DeleteAccount = new("delete-account", TimeSpan.FromMinutes(15));
}
