using System.Text.RegularExpressions;
using Serilog;
using Serilog.Context;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Workflows.Server.Hosting;

public static partial class LoggingSetup
{
    /// <summary>The header a caller may send to tie its own logs to ours; echoed on every answer.</summary>
    public const string CorrelationHeader = "X-Correlation-Id";

    /// <summary>
    /// Serilog as the host's logger (Serilog.AspNetCore): readable console lines and a rolling file in compact JSON
    /// (CLEF). Scopes become properties, so every line written during a burst carries its WorkflowInstanceId, and
    /// every line written during a request its CorrelationId.
    /// </summary>
    public static WebApplicationBuilder AddWorkflowsLogging(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var logFolder = PathResolver.Resolve(builder.Environment.ContentRootPath, configuration["Paths:Logs"] ?? "logs");
        // One logger per host rather than the static Log.Logger: test hosts run side by side in one process.
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Hangfire", LogEventLevel.Warning)
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}")
            .WriteTo.File(new CompactJsonFormatter(), Path.Combine(logFolder, "workflows-.json"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14)
            .CreateLogger();
        builder.Services.AddSingleton(new RequestLog(logger));
        builder.Host.UseSerilog(logger, dispose: true);
        return builder;
    }

    /// <summary>
    /// One event per request (Serilog's request logging) with method, path, status, time, the correlation id and,
    /// when the request started or names an instance, its WorkflowInstanceId. Health and Studio assets log at Debug.
    /// </summary>
    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<RequestLog>().Logger;
        app.Use(async (context, next) =>
        {
            var supplied = context.Request.Headers[CorrelationHeader].ToString();
            // A caller's id is taken only when it is short and plain, so it cannot forge log lines or bloat them.
            var correlationId = supplied.Length is > 0 and <= 64 && CorrelationIdPattern().IsMatch(supplied) ? supplied : context.TraceIdentifier;
            context.Response.Headers[CorrelationHeader] = correlationId;
            using (LogContext.PushProperty("CorrelationId", correlationId))
            {
                await next();
            }
        });
        return app.UseSerilogRequestLogging(options =>
        {
            options.Logger = logger;
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} answered {StatusCode} in {Elapsed:0.0} ms";
            options.GetLevel = (context, _, exception) =>
                exception is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
                : context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/studio") ? LogEventLevel.Debug
                : LogEventLevel.Information;
            options.EnrichDiagnosticContext = (diagnostics, context) =>
            {
                if (InstanceId(context) is { } instanceId) diagnostics.Set("WorkflowInstanceId", instanceId);
                if (context.User.Identity?.IsAuthenticated == true) diagnostics.Set("UserName", context.User.Identity.Name);
            };
        });
    }

    /// <summary>The instance a request started (Elsa's execute answers its id in a header) or addresses by route.</summary>
    private static string? InstanceId(HttpContext context)
    {
        if (context.Response.Headers["x-elsa-workflow-instance-id"].ToString() is { Length: > 0 } started) return started;
        var path = context.Request.Path;
        var addressesInstance = path.StartsWithSegments("/elsa/api/workflow-instances") || path.StartsWithSegments("/api/instances") || path.StartsWithSegments("/processes/instances");
        return addressesInstance && context.Request.RouteValues.TryGetValue("id", out var id) && id is string text ? text : null;
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex CorrelationIdPattern();

    /// <summary>The host's Serilog logger, for the request logging middleware (which otherwise writes to the static logger).</summary>
    internal sealed record RequestLog(Serilog.ILogger Logger);
}
