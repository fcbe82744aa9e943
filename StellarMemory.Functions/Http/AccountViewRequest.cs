using System.Collections.Frozen;

namespace StellarMemory.Functions.Http;

/// <summary>The landing page's account view sends <c>X-Stellar-Client: account-view</c> with its reads of the account.
/// On the read-only account routes (usage, keys, subscription, the caller) such a read is neither metered nor counted
/// against the plan's rate limit: looking at your usage should not use it up. Those reads have a budget of their own
/// per account (<see cref="PerMinute"/>), past which they count like any call, and every other route ignores the
/// header, so it cannot lift a limit on the memory routes or on anything that changes state.</summary>
public static class AccountViewRequest
{
    public const string Header = "X-Stellar-Client";
    public const string Value = "account-view";

    /// <summary>Uncounted account-view reads per account per minute: the page's polling after a checkout (one a
    /// second) plus loading the account view, with room to spare.</summary>
    public const int PerMinute = 120;

    private static readonly FrozenSet<string> ReadOnlyAccountFunctions =
        FrozenSet.ToFrozenSet(["GetUsage", "ListApiKeys", "GetSubscription", "GetCaller"]);

    /// <summary>Whether the request asks to be an account-view read and the route allows it.</summary>
    public static bool Claims(HttpRequest request, string function) =>
        HttpMethods.IsGet(request.Method)
        && ReadOnlyAccountFunctions.Contains(function)
        && string.Equals(request.Headers[Header].ToString(), Value, StringComparison.Ordinal);

    public static string Bucket(Guid accountId) => "account-view:" + accountId.ToString("N");
}
