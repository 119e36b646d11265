using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Workflows.Engine.Activities.Runtime;

namespace Workflows.Engine.Activities.Http;

/// <summary>The HTTP module's activities and the runtime module's RunTask and BulkDispatchWorkflows.</summary>
public static class HttpActivities
{
    public static IReadOnlyList<Type> Types { get; } =
    [
        typeof(HttpEndpointActivity), typeof(WriteHttpResponseActivity), typeof(WriteFileHttpResponseActivity),
        typeof(SendHttpRequestActivity), typeof(FlowSendHttpRequestActivity), typeof(DownloadHttpFileActivity),
        typeof(RunTaskActivity), typeof(BulkDispatchWorkflowsActivity),
    ];

    public static IServiceCollection AddHttpAndTaskActivities(this IServiceCollection services)
    {
        foreach (var type in Types) services.AddSingleton(typeof(IActivity), type);
        services.TryAddSingleton<IHttpExchangeAccessor, AmbientHttpExchange>();
        return services;
    }
}
