using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Engine.Activities.Http;
using Workflows.Engine.Activities.Runtime;
using Workflows.Runtime.Tasks;

namespace Workflows.Runtime.Http;

public static class HttpRuntimeSetup
{
    /// <summary>The HTTP activities, RunTask and BulkDispatchWorkflows, and what they need from the runtime.</summary>
    public static IServiceCollection AddHttpAndTaskRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HttpWorkflowOptions>().Bind(configuration.GetSection("Http"));
        services.AddHttpAndTaskActivities();
        // The client's own timeout is off: each request gets the activity's timeout (or Http:SendTimeout).
        services.AddHttpClient(OutgoingHttpClient.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<IOutgoingHttpClient, OutgoingHttpClient>();
        services.AddScoped<ITaskDispatcher, TaskDispatchQueue>();
        services.AddScoped<TaskRunner>();
        services.AddScoped<TaskReporter>();
        return services;
    }
}
