namespace StellarMemory.Functions.Http;

/// <summary>Which credentials a gated route takes.</summary>
public enum GateAccess
{
    /// <summary>An API key only: what agents and programs call.</summary>
    ApiKey,

    /// <summary>An API key, or the session cookie of a signed-in browser (then unsafe methods need the CSRF header):
    /// key management and billing, which a customer does from the account view.</summary>
    ApiKeyOrSession,

    /// <summary>A session only: what needs a proven mailbox right now (recovering keys, signing out, deleting the account).</summary>
    Session,
}
