using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Engine.Activities;
using Workflows.Engine.Activities.Builtin;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Services;
using Workflows.Engine.Validation;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Identity;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Persistence.Migrations;

namespace Workflows.Runtime.Hosting;

public sealed class DatabaseOptions
{
    /// <summary>Sqlite (default, one node) or PostgreSql (several nodes).</summary>
    public string Provider { get; set; } = "Sqlite";
    public string? ConnectionString { get; set; }
}

public sealed class SeedOptions
{
    /// <summary>The seeds/ folder: roles.json, demo-users.json and the domain's data.</summary>
    public string? Folder { get; set; }

    /// <summary>Load demo users and demo data (development only by default).</summary>
    public bool? DemoData { get; set; }
}

/// <summary>Work a module needs done after migration and before the service reports ready (seeding its data).</summary>
public interface IStartupTask
{
    int Order { get; }

    Task RunAsync(IServiceProvider services, bool includeDemoData, CancellationToken cancellationToken);
}

public static class RuntimeSetup
{
    public static IServiceCollection AddWorkflowRuntime(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection("Database"));
        services.AddOptions<RuntimeOptions>().Bind(configuration.GetSection("Runtime"));
        services.AddOptions<SeedOptions>().Bind(configuration.GetSection("Seed"));
        services.AddOptions<JavaScriptOptions>().Bind(configuration.GetSection("JavaScript"));
        services.AddOptions<LiquidOptions>().Bind(configuration.GetSection("Expressions:Liquid"));
        services.AddOptions<CSharpOptions>().Bind(configuration.GetSection("Expressions:CSharp"));
        services.AddOptions<ExecutorOptions>().Bind(configuration.GetSection("Executor"));
        services.AddOptions<Microsoft.AspNetCore.Identity.PasswordHasherOptions>().Bind(configuration.GetSection("PasswordHasher"));

        services.TryAddSingletonTimeProvider();
        services.AddSingleton<IIdGenerator, RandomIdGenerator>();
        services.AddBuiltinActivities();
        services.AddSingleton(sp => new ActivityRegistry(sp.GetServices<IActivity>()));
        services.AddSingleton(sp => new JavaScriptEvaluator(sp.GetRequiredService<IOptions<JavaScriptOptions>>().Value));
        services.AddSingleton(sp => new LiquidEvaluator(sp.GetRequiredService<IOptions<LiquidOptions>>().Value));
        services.AddSingleton(sp => new CSharpEvaluator(sp.GetRequiredService<IOptions<CSharpOptions>>().Value));
        services.AddSingleton<IExpressionEvaluator, ExpressionEvaluator>();
        services.AddSingleton(sp => new WorkflowExecutor(
            sp.GetRequiredService<IExpressionEvaluator>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IIdGenerator>(),
            sp.GetRequiredService<ILogger<WorkflowExecutor>>(), sp.GetRequiredService<IOptions<ExecutorOptions>>().Value));
        services.AddSingleton<DefinitionValidator>();
        services.AddSingleton<GraphCache>();
        services.AddSingleton<InstanceLocks>();
        services.AddSingleton<CommandSignal>();
        services.AddSingleton<StartupGate>();
        services.AddSingleton<ICronSchedule, QuartzSyntaxCronSchedule>();

        services.AddDbContext<WorkflowsDbContext>((sp, options) => ConfigureDatabase(sp, options, contentRoot));
        services.AddSingleton<ISchemaMigration, M20261122_0001_RuntimeInitial>();
        services.AddSingleton<ISchemaMigration, M20261122_0030_Scheduling>();
        services.AddSingleton<ISchemaMigration, M20261202_0010_HangfireReplacesQuartz>();
        services.AddSingleton<ISchemaMigration, M20261202_0040_Security>();
        services.AddSingleton<ISchemaMigration, M20261202_0050_ScheduleOccurrence>();
        services.AddSingleton<ISchemaMigration, M20261202_0060_Alterations>();
        services.AddScoped<SchemaMigrator>();
        services.AddScoped(sp => new DatabaseMigrator(sp.GetRequiredService<WorkflowsDbContext>(), sp.GetRequiredService<SchemaMigrator>(),
            sp.GetRequiredService<ILogger<DatabaseMigrator>>(), sp.GetService<EfMigrationSets>()));
        services.AddScoped<DefinitionStore>();
        services.AddScoped<IDefinitionChangeHandler, ConsumingWorkflowUpdater>();
        services.AddScoped<DefinitionFileLoader>();
        services.AddScoped<UserDirectory>();
        services.AddScoped<UserAccounts>();
        services.AddMemoryCache();
        services.AddSingleton<SecurityStampCache>();
        services.Configure<SessionOptions>(configuration.GetSection("Auth"));
        services.AddInbox(configuration);

        // One unit of work per burst; the engine reaches tasks, mail, children and events through it.
        services.AddScoped<BurstUnitOfWork>();
        services.AddScoped<IHumanTaskGateway>(sp => sp.GetRequiredService<BurstUnitOfWork>());
        services.AddScoped<IMailQueue>(sp => sp.GetRequiredService<BurstUnitOfWork>());
        services.AddScoped<IWorkflowDispatcher>(sp => sp.GetRequiredService<BurstUnitOfWork>());
        services.AddScoped<IEventPublisher>(sp => sp.GetRequiredService<BurstUnitOfWork>());

        services.AddSingleton<BurstCommitter>();
        services.AddSingleton<WorkflowRuntime>();
        services.AddHostedService<StartupInitializer>();
        services.AddSingleton<CommandDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<CommandDispatcher>());
        services.AddSingleton<TimerService>();
        services.AddHostedService(sp => sp.GetRequiredService<TimerService>());
        return services;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider))) services.AddSingleton(TimeProvider.System);
    }

    public static string ResolveConnectionString(DatabaseOptions options, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString)) return options.ConnectionString;
        var dataFolder = Path.Combine(contentRoot, "data");
        Directory.CreateDirectory(dataFolder);
        return $"Data Source={Path.Combine(dataFolder, "workflows.db")}";
    }

    private static void ConfigureDatabase(IServiceProvider sp, DbContextOptionsBuilder options, string contentRoot)
    {
        var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var connectionString = ResolveConnectionString(database, contentRoot);
        var efMigrations = sp.GetService<EfMigrationSets>();
        if (database.Provider.Equals("PostgreSql", StringComparison.OrdinalIgnoreCase) || database.Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            options.UseNpgsql(connectionString, o => o.MigrationsAssembly(efMigrations?.PostgreSqlAssembly));
        }
        else
        {
            options.UseSqlite(connectionString, o => o.CommandTimeout(60).MigrationsAssembly(efMigrations?.SqliteAssembly));
            options.AddInterceptors(SqlitePragmas.Instance);
        }
        // Without EF migrations (a runtime-only host) the schema comes from the hand-written steps and EF's snapshot
        // check does not apply; with them, a model changed without a migration must stop Migrate().
        if (efMigrations is null)
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }
}

/// <summary>
/// Durability settings that SQLite keeps per connection: FULL sync so a committed burst survives power loss,
/// foreign keys on, and a busy timeout so concurrent writers queue instead of failing.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string Sql = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=60000;";

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>Migrates, seeds and loads the workflow files in the background, then opens the start-up gate.</summary>
internal sealed class StartupInitializer(
    IServiceScopeFactory scopes,
    StartupGate gate,
    IOptions<RuntimeOptions> runtimeOptions,
    IOptions<SeedOptions> seedOptions,
    IHostEnvironment environment,
    IEnumerable<IStartupTask> tasks,
    ILogger<StartupInitializer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(stoppingToken);

            var seeds = seedOptions.Value;
            var includeDemo = seeds.DemoData ?? environment.IsDevelopment();
            var users = services.GetRequiredService<UserDirectory>();
            await users.SeedRolesAsync(seeds.Folder is null ? null : Path.Combine(seeds.Folder, "roles.json"), stoppingToken);
            if (includeDemo && seeds.Folder is not null)
                await users.SeedUsersAsync(Path.Combine(seeds.Folder, "demo-users.json"), stoppingToken);
            foreach (var task in tasks.OrderBy(t => t.Order))
                await task.RunAsync(services, includeDemo, stoppingToken);

            if (runtimeOptions.Value.WorkflowsFolder is { } folder)
                await services.GetRequiredService<DefinitionFileLoader>().LoadAsync(folder, stoppingToken);

            gate.Open();
            logger.LogInformation("Workflow service ready");
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogCritical(ex, "Start-up failed; the service stays unready");
            throw;
        }
    }
}

/// <summary>Cron occurrences of the Cron, Timer and StartAt activities: the scheduler's Quartz-syntax parser, in Beijing time.</summary>
internal sealed class QuartzSyntaxCronSchedule : ICronSchedule
{
    public DateTimeOffset? NextOccurrence(string cronExpression, DateTimeOffset after) => Scheduling.CronText.Next(cronExpression, after);

    public string? Validate(string cronExpression) => Scheduling.QuartzCron.TryParse(cronExpression, out _, out var problem)
        ? null
        : $"Cron 表达式无效：{problem} / Invalid cron expression: {problem}";
}
