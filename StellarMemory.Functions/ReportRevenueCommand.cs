using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StellarMemory.Core.Billing;
using StellarMemory.Core.Operations;
using StellarMemory.Core.Storage;

namespace StellarMemory.Functions;

/// <summary>The operator's command <c>report revenue [--from YYYY-MM] [--to YYYY-MM]</c>: the same revenue report as
/// GET /admin/reports/revenue, as JSON on standard output. Reads the app's settings.</summary>
public static class ReportRevenueCommand
{
    public const string Name = "report";
    public const string Report = "revenue";

    public static Task<int> RunAsync(string[] options) =>
        RunAsync(options, new ConfigurationBuilder().AddEnvironmentVariables().Build(), Console.Out, Console.Error);

    public static async Task<int> RunAsync(string[] options, IConfiguration configuration, TextWriter output, TextWriter errors)
    {
        string? from = null, to = null;
        for (var i = 0; i < options.Length; i++)
        {
            switch (options[i])
            {
                case "--from" when i + 1 < options.Length:
                    from = options[++i];
                    break;
                case "--to" when i + 1 < options.Length:
                    to = options[++i];
                    break;
                default:
                    await errors.WriteLineAsync("Usage: report revenue [--from YYYY-MM] [--to YYYY-MM]");
                    return 2;
            }
        }
        var time = TimeProvider.System;
        if (MonthRange.Parse(from, to, time.GetUtcNow(), out var error) is not { } range)
        {
            await errors.WriteLineAsync(error);
            return 2;
        }
        await using var dataSource = NpgsqlDataSource.Create(configuration[StorageOptions.PostgresKey]
            ?? throw new InvalidOperationException($"Setting '{StorageOptions.PostgresKey}' is missing."));
        // Billing as the app registers it, so prices, currencies and recorded charges come from the same providers.
        await using var services = new ServiceCollection().AddLogging().AddSingleton(dataSource).AddSingleton(time)
            .AddBilling(configuration).AddSingleton<RevenueReporter>().BuildServiceProvider();
        var report = await services.GetRequiredService<RevenueReporter>().BuildAsync(range, CancellationToken.None);
        await output.WriteLineAsync(JsonSerializer.Serialize(report, new JsonSerializerOptions(ApiJson.Options) { WriteIndented = true }));
        return 0;
    }
}
