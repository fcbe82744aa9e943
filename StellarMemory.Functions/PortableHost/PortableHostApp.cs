using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StellarMemory.Core.Storage;

namespace StellarMemory.Functions.PortableHost;

/// <summary>Builds the portable host: the same functions and services as under the Functions host,
/// served by Kestrel, queue listeners and timer schedulers of our own.</summary>
public static class PortableHostApp
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    public static WebApplication Create(string[] args, IReadOnlyList<Assembly> functionAssemblies,
        Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Defaults of %Setting% names sit beneath every other source, so any setting overrides them.
        ((IConfigurationBuilder)builder.Configuration).Sources.Insert(0,
            new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = BindingDefaults.Values });
        HostJsonConfiguration.Add(builder.Configuration, Path.Combine(AppContext.BaseDirectory, "host.json"));
        // Settings and the command line override host.json, as they do under the Functions host.
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        configure?.Invoke(builder);
        ApplyHostJsonLogLevels(builder);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaultsUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddStellarFunctions(builder.Configuration);
        builder.Services.AddMvcCore(); // runs IActionResult through ASP.NET Core's own result executors
        builder.Services.AddCrossOriginPolicy(builder.Configuration);
        var catalog = FunctionCatalog.Discover(functionAssemblies, builder.Configuration);
        builder.Services.AddSingleton(catalog);
        AddQueueListeners(builder, catalog);
        AddTimerSchedulers(builder, catalog);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (CrossOriginPolicy.AllowedOrigins(app.Configuration).Count > 0)
        {
            app.UseCors(); // before the landing page and the functions, so that it answers their preflights
        }
        ServeLandingPage(app);
        app.MapHttpFunctions(catalog);
        return app;
    }

    private const string WebHostDefaultsUrlsKey = "urls";

    // The landing page ships next to the app; under Azure it is hosted apart (its API base is a setting).
    private static void ServeLandingPage(WebApplication app)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "landing");
        if (!Directory.Exists(folder))
        {
            return;
        }
        var files = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(folder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context => Http.PageSecurityHeaders.Apply(context.Context),
        });
    }

    // host.json's logging.logLevel ("default" plus categories) is what an operator tunes under Azure.
    private static void ApplyHostJsonLogLevels(WebApplicationBuilder builder)
    {
        foreach (var level in builder.Configuration.GetSection(HostJsonConfiguration.Prefix + ":logging:logLevel").GetChildren())
        {
            if (Enum.TryParse<LogLevel>(level.Value, ignoreCase: true, out var parsed))
            {
                builder.Logging.AddFilter(level.Key.Equals("default", StringComparison.OrdinalIgnoreCase) ? null : level.Key, parsed);
            }
        }
    }

    private static void AddQueueListeners(WebApplicationBuilder builder, FunctionCatalog catalog)
    {
        var options = QueueHostOptions.From(builder.Configuration);
        foreach (var (function, trigger) in catalog.Queue)
        {
            var queueName = HostJsonConfiguration.ResolveSettings(builder.Configuration, trigger.QueueName);
            builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostedService>(services => new QueueFunctionListener(
                function, queueName, options,
                services.GetRequiredService<QueueClientFactory>(),
                services.GetRequiredService<IServiceScopeFactory>(),
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILogger<QueueFunctionListener>>(),
                services.GetRequiredService<StartupReadiness>()));
        }
    }

    private static void AddTimerSchedulers(WebApplicationBuilder builder, FunctionCatalog catalog)
    {
        foreach (var (function, trigger) in catalog.Timer)
        {
            var schedule = TimerSchedule.Parse(HostJsonConfiguration.ResolveSettings(builder.Configuration, trigger.Schedule));
            builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostedService>(services => new TimerFunctionScheduler(
                function, schedule, trigger.RunOnStartup,
                services.GetRequiredService<TimerScheduleRepository>(),
                services.GetRequiredService<IServiceScopeFactory>(),
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILogger<TimerFunctionScheduler>>(),
                services.GetRequiredService<StartupReadiness>()));
        }
    }
}
