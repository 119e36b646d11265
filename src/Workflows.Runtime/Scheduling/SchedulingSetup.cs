using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Hosting;

namespace Workflows.Runtime.Scheduling;

/// <summary>
/// Hangfire in the service, the one scheduler: Hangfire.Storage.SQLite in its own file next to the service database
/// by default (one node), Hangfire.PostgreSql in the service's PostgreSQL database (schema "hangfire") when
/// Database:Provider is PostgreSql, shared by every node (a recurring job's occurrence is taken under Hangfire's
/// distributed lock, so it becomes one background job on one node).
/// </summary>
/// <remarks>
/// Once per occurrence does not rest on Hangfire alone. Recurring jobs use MisfireHandlingMode.Relaxed: a node
/// that was down across several ticks gets one background job for all of them, not one per tick (Strict). And
/// every firing works on the tick it belongs to, the latest occurrence at or before the moment its background job
/// was created (<see cref="ScheduleJobRunner"/>); every idempotency key comes from that tick. So any number of
/// firings between two ticks (a catch-up, a repeated execution after a crash, two nodes) make the same keys and
/// start one instance.
/// Hangfire does not keep state per process in this service: the storage, the job activator and the clients are
/// singletons of the host (not Hangfire's static JobStorage.Current), so two hosts in one process stay apart.
/// Timers of Delay/StartAt/Timer activities stay on the runtime's own TimerService (a due bookmark becomes one
/// resume command, committed in the burst): they are many, short-lived, and must commit with the instance.
/// </remarks>
public static class SchedulingSetup
{
    public static IServiceCollection AddWorkflowScheduling(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<SchedulingOptions>().Bind(configuration.GetSection(SchedulingOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>());

        var database = configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        var scheduling = configuration.GetSection(SchedulingOptions.SectionName).Get<SchedulingOptions>() ?? new SchedulingOptions();
        var connectionString = RuntimeSetup.ResolveConnectionString(database, contentRoot);
        var clustered = IsPostgres(database.Provider);

        services.AddSingleton(new SchedulerNode(clustered));
        services.AddSingleton<JobStorage>(_ => clustered
            ? CreatePostgreSqlStorage(connectionString, scheduling)
            : CreateSqliteStorage(HangfireFile(connectionString, scheduling, contentRoot), scheduling));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, c) => c
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (scheduling.Enabled)
        {
            services.AddHangfireServer((sp, o) =>
            {
                var node = sp.GetRequiredService<SchedulerNode>();
                o.ServerName = node.Id;
                o.WorkerCount = scheduling.MaxConcurrency;
                o.SchedulePollingInterval = scheduling.PollInterval;
                o.HeartbeatInterval = scheduling.HeartbeatInterval;
                o.ServerTimeout = scheduling.ServerTimeout;
                o.ServerCheckInterval = scheduling.HeartbeatInterval;
                o.CancellationCheckInterval = TimeSpan.FromSeconds(1);
                o.Queues = [SchedulerNode.Queue];
            });
        }

        services.AddScoped<ScheduleJobRunner>();
        services.AddSingleton<OccurrenceGate>();
        services.AddScoped<CronWorkflowJob>();
        services.AddScoped<ScheduledRunJob>();
        services.AddScoped<ScheduleCatalog>();
        services.AddScoped<ScheduleAdmin>();
        services.AddSingleton<WorkflowScheduler>();
        services.AddSingleton<ScheduleReconciler>();
        services.AddSingleton<SchedulingService>();
        services.AddHostedService(sp => sp.GetRequiredService<SchedulingService>());
        services.AddScoped<IDefinitionChangeHandler, CronScheduleFollower>();

        // Reminders and escalation of inbox tasks. Every five minutes keeps a "1 day before" reminder within minutes
        // of its time; the secretariat can change the cron on the schedules page.
        services.AddSystemSchedule<TaskDeadlinesJob>(ScheduleNames.TaskDeadlines, "待办提醒与超期升级", "Task reminders and escalations",
            configuration["Scheduling:TaskDeadlinesCron"] ?? "0 0/5 * * * ?");
        return services;
    }

    /// <summary>
    /// A recurring job of the service itself (group "system"), shown on the schedules page where the secretariat
    /// can pause it, run it now or change its cron.
    /// </summary>
    public static IServiceCollection AddSystemSchedule<TJob>(this IServiceCollection services, string name, string displayName, string displayNameEn, string cron)
        where TJob : class, IScheduledJob
    {
        if (CronText.Validate(cron) is { } error) throw new ArgumentException(error, nameof(cron));
        services.AddScoped<TJob>();
        services.AddSingleton(new SystemScheduleRegistration(name, displayName, displayNameEn, typeof(TJob), cron));
        return services;
    }

    /// <summary>The Hangfire file: configured, or "&lt;database&gt;.hangfire.db" next to the service database.</summary>
    public static string HangfireFile(string serviceConnectionString, SchedulingOptions options, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(options.SqliteFile))
            return Path.GetFullPath(Path.IsPathRooted(options.SqliteFile) ? options.SqliteFile : Path.Combine(contentRoot, options.SqliteFile));
        var database = new SqliteConnectionStringBuilder(serviceConnectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(database)) ?? contentRoot;
        return Path.Combine(folder, Path.GetFileNameWithoutExtension(database) + ".hangfire.db");
    }

    private static SQLiteStorage CreateSqliteStorage(string file, SchedulingOptions options)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return new SQLiteStorage(file, new SQLiteStorageOptions
        {
            QueuePollInterval = options.PollInterval,
            // A firing cut short by a crash is taken over at the next start (SchedulingService), not after this.
            InvisibilityTimeout = TimeSpan.FromMinutes(30),
        });
    }

    private static PostgreSqlStorage CreatePostgreSqlStorage(string connectionString, SchedulingOptions options) =>
        new(new NpgsqlConnectionFactory(connectionString, new PostgreSqlStorageOptions()), new PostgreSqlStorageOptions
        {
            SchemaName = options.PostgreSqlSchema,
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = options.PollInterval,
            // A long yearly run keeps its fetched job; a dead node's is taken over by SchedulingService.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromMinutes(5),
        });

    private static bool IsPostgres(string? provider) =>
        provider is not null && (provider.Equals("PostgreSql", StringComparison.OrdinalIgnoreCase) || provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase));
}

/// <summary>This node's identity in Hangfire (its server name and the Node column of the run history).</summary>
public sealed class SchedulerNode(bool clustered)
{
    /// <summary>The queue of schedule firings.</summary>
    public const string Queue = "schedules";

    public string Id { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}".ToLowerInvariant();

    /// <summary>PostgreSQL: several nodes share the store. SQLite: this is the only node.</summary>
    public bool Clustered { get; } = clustered;
}

/// <summary>Names of the system schedules.</summary>
public static class ScheduleNames
{
    /// <summary>Task reminders and escalation (the inbox's TaskDeadlines), every few minutes.</summary>
    public const string TaskDeadlines = "task-deadlines";
}
