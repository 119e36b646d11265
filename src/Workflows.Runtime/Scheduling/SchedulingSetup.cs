using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Hosting;

namespace Workflows.Runtime.Scheduling;

/// <summary>
/// Quartz in the service, with its persistent job store in the service's own database: SQLite by default (one
/// node), PostgreSQL with clustering when Database:Provider is PostgreSql (every node shares the QRTZ_* rows and
/// a row lock, so one trigger fires on one node; a dead node's firings are recovered by another).
/// </summary>
/// <remarks>
/// Misfires: every cron trigger uses FireAndProceed (Quartz's "fire once now"). A service that was down across
/// several ticks fires once when it is back, then keeps to the schedule; a trigger's own misfire threshold is
/// kept below the gap between its ticks (<see cref="ScheduleReconciler.MisfireThresholdFor"/>), because a tick
/// within the threshold is fired late rather than counted as missed, and several of those would fire one by one.
/// DoNothing was the alternative; it would silently skip the yearly run when the service happened to be down on
/// its day, which is worse than running it late.
/// Timers of Delay/StartAt/Timer activities stay on the runtime's own TimerService (a due bookmark becomes one
/// resume command keyed by the bookmark id): they are many, short-lived and already fire once.
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

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = scheduling.InstanceName;
                // Cluster nodes need distinct ids; one SQLite node keeps a stable one.
                o.GenerateInstanceId = clustered;
                // A shutdown cancels running jobs; with RecoverFiringsCancelledByShutdown below, a fan-out cut
                // short is handed back and continues at the next start (or on another node).
                o.ShutdownJobInterruption = ShutdownJobInterruption.Always;
            });
            q.UseDefaultThreadPool(scheduling.MaxConcurrency);
            q.UsePersistentStore(store =>
            {
                // Quartz keeps ADO.NET connection providers per process under the data source name; one per
                // database keeps two services in one process (tests) apart.
                store.UseDataSource("workflows-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(connectionString)))[..12]);
                if (clustered)
                {
                    store.UsePostgres(connectionString);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = scheduling.ClusterCheckinInterval;
                        c.CheckinMisfireThreshold = scheduling.ClusterCheckinMisfireThreshold;
                    });
                }
                else
                {
                    store.UseSqlite(connectionString);
                }
                store.ProvisionSchema();
                store.UseSystemTextJsonSerializer();
                store.ConfigureStore(o =>
                {
                    o.MisfireThreshold = scheduling.MisfireThreshold;
                    o.StoreJobDataAsStrings = true;
                    o.RecoverFiringsCancelledByShutdown = true;
                });
            });
            q.AddJobListener<ScheduleRunListener>(Array.Empty<IMatcher<JobKey>>());
        });
        // The hosted service stops Quartz with the host; SchedulingService starts it once the database is ready.
        services.AddQuartzHostedService(o =>
        {
            o.AutoStart = false;
            o.WaitForJobsToComplete = true;
        });

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
        where TJob : class, IJob
    {
        if (CronText.Validate(cron) is { } error) throw new ArgumentException(error, nameof(cron));
        services.AddScoped<TJob>();
        services.AddSingleton(new SystemScheduleRegistration(name, displayName, displayNameEn, typeof(TJob), cron));
        return services;
    }

    private static bool IsPostgres(string? provider) =>
        provider is not null && (provider.Equals("PostgreSql", StringComparison.OrdinalIgnoreCase) || provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase));
}

/// <summary>Names of the system schedules.</summary>
public static class ScheduleNames
{
    /// <summary>Task reminders and escalation (the inbox's TaskDeadlines), every few minutes.</summary>
    public const string TaskDeadlines = "task-deadlines";
}
