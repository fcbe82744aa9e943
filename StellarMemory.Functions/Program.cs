using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using StellarMemory.Functions;
using StellarMemory.Functions.PortableHost;

if (args is [ReplayPoisonCommand.Name, var queue])
{
    return await ReplayPoisonCommand.RunAsync(queue);
}

if (args is [RotateBillingKeysCommand.Name])
{
    return await RotateBillingKeysCommand.RunAsync();
}

if (args is [WriteOpenApiCommand.Name])
{
    return WriteOpenApiCommand.Run();
}

if (args is [ReportRevenueCommand.Name, ReportRevenueCommand.Report, .. var reportOptions])
{
    return await ReportRevenueCommand.RunAsync(reportOptions);
}

if (args is [AdminCommand.Name, .. var adminOptions])
{
    return await AdminCommand.RunAsync(adminOptions);
}

if (FunctionsHostDetector.IsStartedByFunctionsHost(args))
{
    var builder = FunctionsApplication.CreateBuilder(args);
    HostJsonConfiguration.AddBeneath(builder.Configuration, Path.Combine(AppContext.BaseDirectory, "host.json"));
    builder.ConfigureFunctionsWebApplication();
    builder.UseMiddleware<StellarMemory.Functions.Http.StartupGateMiddleware>();
    builder.UseMiddleware<StellarMemory.Functions.Http.DependencyOutageMiddleware>();
    builder.Services.AddStellarFunctions(builder.Configuration);
    builder.Services.AddFunctionsHostRequestTelemetry();
    await builder.Build().RunAsync();
}
else
{
    await PortableHostApp.Create(args, [typeof(Program).Assembly]).RunAsync();
}

return 0;
