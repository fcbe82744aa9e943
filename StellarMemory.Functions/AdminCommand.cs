using System.Globalization;
using Microsoft.Extensions.Configuration;
using Npgsql;
using StellarMemory.Core.Accounts;
using StellarMemory.Core.Operations;
using StellarMemory.Core.Storage;

namespace StellarMemory.Functions;

/// <summary>The operator's command for the admin role: <c>admin grant &lt;email&gt;</c>, <c>admin revoke &lt;email&gt;</c>
/// (each with an optional <c>--reason</c> for the audit) and <c>admin list</c>. The account must exist (register it
/// first); its owner then signs in by email and opens /admin.html. Reads the app's settings, and reaches the database
/// as the app does (a Microsoft Entra token in Azure).</summary>
public static class AdminCommand
{
    public const string Name = "admin";
    private const string Usage = "Usage: admin grant <email> [--reason <text>] | admin revoke <email> [--reason <text>] | admin list";

    public static Task<int> RunAsync(string[] options) =>
        RunAsync(options, new ConfigurationBuilder().AddEnvironmentVariables().Build(), Console.Out, Console.Error);

    public static async Task<int> RunAsync(string[] options, IConfiguration configuration, TextWriter output, TextWriter errors)
    {
        var (verb, email, reason) = options switch
        {
            ["list"] => ("list", null, null),
            [("grant" or "revoke") and var change, var address] => (change, address, (string?)null),
            [("grant" or "revoke") and var change, var address, "--reason", var text] => (change, address, text),
            _ => (null, null, null),
        };
        var parsed = EmailAddress.TryParse(email);
        if (verb is null || (verb != "list" && parsed is null) || (reason is not null && !AdminAudit.IsReason(reason)))
        {
            await errors.WriteLineAsync(Usage);
            return 2;
        }
        await using var dataSource = PostgresDataSourceFactory.Create(StorageOptions.From(configuration, StorageNeeds.Database));
        try
        {
            return await RunAsync(verb, parsed, reason, dataSource, output, errors);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // The command never migrates: in Azure it may sign in as another role than the app, which must own the schema.
            await errors.WriteLineAsync("The database has no admin tables yet: start the app once against it, which runs the migrations.");
            return 1;
        }
    }

    private static async Task<int> RunAsync(string verb, EmailAddress? parsed, string? reason, NpgsqlDataSource dataSource,
        TextWriter output, TextWriter errors)
    {
        var roles = new AdminRoles(dataSource);
        if (verb == "list")
        {
            foreach (var (admin, grantedAt, suspended) in await roles.ListAsync(CancellationToken.None))
            {
                await output.WriteLineAsync(string.Join('\t', admin.Email, admin.AccountId,
                    grantedAt.ToString("u", CultureInfo.InvariantCulture), suspended ? "suspended" : "active"));
            }
            return 0;
        }
        var time = TimeProvider.System;
        var assignment = new AdminRoleAssignment(dataSource, roles, new AdminAudit(dataSource, time), time);
        var (outcome, changed) = verb == "grant"
            ? await assignment.GrantAsync(parsed!, reason ?? "Granted on the server's command line.", CancellationToken.None)
            : await assignment.RevokeAsync(parsed!, reason ?? "Revoked on the server's command line.", CancellationToken.None);
        if (outcome == AdminRoleAssignment.Outcome.NoSuchAccount)
        {
            await errors.WriteLineAsync($"No account has the email {parsed!.Value}: register it first (POST /auth/register or the home page).");
            return 1;
        }
        await output.WriteLineAsync((verb, outcome) switch
        {
            ("grant", AdminRoleAssignment.Outcome.Changed) => $"Granted the admin role to {changed!.Email} ({changed.AccountId}).",
            ("grant", _) => $"{changed!.Email} ({changed.AccountId}) already holds the admin role.",
            (_, AdminRoleAssignment.Outcome.Changed) => $"Revoked the admin role of {changed!.Email} ({changed.AccountId}); it holds from the next request.",
            _ => $"{changed!.Email} ({changed.AccountId}) does not hold the admin role.",
        });
        return 0;
    }
}
