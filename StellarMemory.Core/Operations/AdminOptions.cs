using Microsoft.Extensions.Configuration;

namespace StellarMemory.Core.Operations;

/// <summary>Admin settings (section <c>Admin</c>). <see cref="Token"/> unset: the admin routes are off and answer
/// 404 <c>admin-not-enabled</c>.</summary>
public sealed class AdminOptions
{
    /// <summary>The operator's bearer token for the admin routes, until admins sign in with a session; a long random
    /// value from the secret store, never committed.</summary>
    public string? Token { get; init; }

    public static AdminOptions From(IConfiguration configuration) =>
        configuration.GetSection("Admin").Get<AdminOptions>() ?? new AdminOptions();
}
