using System.Diagnostics;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace Workflows.Server.Hosting;

public static class LoggingSetup
{
    /// <summary>
    /// Serilog behind Microsoft.Extensions.Logging: readable console lines and a rolling JSON file. Scopes become
    /// properties, so every line written during a burst carries its WorkflowInstanceId.
    /// </summary>
    public static WebApplicationBuilder AddWorkflowsLogging(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var logFolder = PathResolver.Resolve(builder.Environment.ContentRootPath, configuration["Paths:Logs"] ?? "logs");
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Hangfire", LogEventLevel.Warning)
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}")
            .WriteTo.File(new JsonFormatter(renderMessage: true), Path.Combine(logFolder, "workflows-.json"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14)
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        return builder;
    }

    /// <summary>One line per request with method, path, status and time; Serilog.AspNetCore is not available here.</summary>
    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Workflows.Http");
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next();
            }
            finally
            {
                var level = context.Response.StatusCode >= 500 ? LogLevel.Error : context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/studio") ? LogLevel.Debug : LogLevel.Information;
                logger.Log(level, "HTTP {Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms",
                    context.Request.Method, context.Request.Path.Value, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
}
