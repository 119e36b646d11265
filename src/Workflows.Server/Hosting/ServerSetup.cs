using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Json;
using Workflows.Association;
using Workflows.Runtime.Hosting;
using Workflows.Runtime.Mail.Outbox;
using Workflows.Runtime.Persistence.Migrations;
using Workflows.Runtime.Scheduling;
using Workflows.Server.Api;
using Workflows.Server.Api.Pickers;
using Workflows.Server.Api.Rules;
using Workflows.Server.Api.Tasks;
using Workflows.Server.Auth;
using Workflows.Server.Elsa;
using Workflows.Server.Http;
using Workflows.Server.Security;
using Workflows.Server.Studio;

namespace Workflows.Server.Hosting;

/// <summary>Composition of the service: every part registers itself here, Program.cs only calls these two.</summary>
public static class ServerSetup
{
    public static WebApplicationBuilder AddWorkflowsServer(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var contentRoot = builder.Environment.ContentRootPath;

        builder.AddWorkflowsLogging();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);

        var services = builder.Services;
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        services.AddProblemDetails();
        services.AddRazorPages();
        // Pages are Chinese; without this Razor writes every character as an HTML entity.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddHttpContextAccessor();
        services.AddWorkflowRuntime(configuration, contentRoot);
        services.AddAssociation();
        // The schema of this composition (runtime + Association) comes from its EF Core migrations, one set per provider.
        services.AddEfMigrations(new EfMigrationSets(Workflows.Migrations.Sqlite.DesignTimeFactory.AssemblyName, Workflows.Migrations.PostgreSql.DesignTimeFactory.AssemblyName));
        services.AddWorkflowOutbox(configuration);
        services.AddWorkflowScheduling(configuration, contentRoot);
        services.PostConfigure<RuntimeOptions>(o => o.WorkflowsFolder = PathResolver.Resolve(contentRoot, o.WorkflowsFolder ?? configuration["Paths:Workflows"] ?? "../../workflows"));
        services.PostConfigure<SeedOptions>(o => o.Folder = PathResolver.Resolve(contentRoot, o.Folder ?? configuration["Paths:Seeds"] ?? "../../seeds"));
        services.AddWorkflowsAuth(configuration, contentRoot);
        services.AddElsaApi().AddStudioAssets(configuration, contentRoot);
        services.AddHttpWorkflows(configuration);
        services.AddWorkflowsSecurity(configuration);
        return builder;
    }

    public static WebApplication UseWorkflowsServer(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseRequestLogging();
        app.UseUiCulture();
        app.UseProblemBodies();
        app.UseRequestLimits();
        app.UseStaticFiles();
        app.UseCors();
        app.UseAuthentication();
        app.UseApiCookieGuard();
        app.UseRateLimiter();
        app.UseAuthorization();

        app.UseSchedulerDashboard();
        app.MapRazorPages();
        app.MapCultureSwitch();
        app.MapHealth();
        app.MapAuthEndpoints();
        app.MapTaskEndpoints();
        app.MapRuleCheckEndpoints();
        app.MapPickerEndpoints();
        app.MapHttpWorkflows();
        app.MapElsaApi();
        app.MapStudioAssets();
        return app;
    }
}

public static class PathResolver
{
    /// <summary>Relative paths in configuration are relative to the content root (the server project when run from source).</summary>
    public static string Resolve(string contentRoot, string path) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(contentRoot, path));
}
