using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Persistence.Migrations;

namespace Workflows.Runtime.Inbox;

public static class InboxSetup
{
    /// <summary>The inbox: its schema step, the task-created hook, the operations (one class each), lists, deadlines.</summary>
    public static IServiceCollection AddInbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InboxOptions>().Bind(configuration.GetSection("Inbox"));
        services.AddSingleton<ISchemaMigration, M20261122_0020_Inbox>();
        services.ConfigureDbContext<WorkflowsDbContext>(o => o.AddInterceptors(AuditAppendOnlyGuard.Instance));
        services.AddScoped<ITaskCreatedHandler, InboxTaskCreatedHandler>();

        services.AddSingleton<AuditTrail>();
        services.AddSingleton<InboxMail>();
        services.AddScoped<InboxKit>();
        services.AddScoped<TaskService>();
        services.AddScoped<TaskQueries>();
        services.AddScoped<InstanceAudit>();
        services.AddScoped<TaskDetails>();
        services.AddScoped<CompleteTask>();
        services.AddScoped<CountersignProcessor>();
        services.AddScoped<ClaimTask>();
        services.AddScoped<ReleaseTask>();
        services.AddScoped<ReturnTask>();
        services.AddScoped<TransferTask>();
        services.AddScoped<DelegateTask>();
        services.AddScoped<ResolveDelegation>();
        services.AddScoped<WithdrawInstance>();
        services.AddScoped<UrgeTask>();
        services.AddScoped<CarbonCopyTask>();
        services.AddScoped<Attachments>();
        services.AddSingleton<TaskDeadlines>();
        return services;
    }
}
