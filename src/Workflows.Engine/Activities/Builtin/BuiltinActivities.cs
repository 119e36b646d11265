using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Workflows.Engine.Activities.Builtin;

public static class BuiltinActivities
{
    /// <summary>Every activity type the engine runs on its own. Modules (the Association) register more.</summary>
    public static IReadOnlyList<Type> Types { get; } =
    [
        typeof(FlowchartActivity), typeof(StartActivity), typeof(EndActivity), typeof(FinishActivity),
        typeof(WriteLineActivity), typeof(LogActivity), typeof(SetVariableActivity), typeof(SetOutputActivity),
        typeof(CorrelateActivity), typeof(FaultActivity), typeof(RunJavaScriptActivity),
        typeof(FlowDecisionActivity), typeof(FlowSwitchActivity), typeof(FlowForkActivity), typeof(FlowJoinActivity),
        typeof(ForEachActivity), typeof(ParallelForEachActivity),
        typeof(DelayActivity), typeof(StartAtActivity), typeof(TimerActivity), typeof(CronActivity),
        typeof(EventActivity), typeof(PublishEventActivity), typeof(ExecuteWorkflowActivity), typeof(DispatchWorkflowActivity),
        typeof(HumanTaskActivity), typeof(SendEmailActivity),
        .. ElsaCoreActivities.Types,
    ];

    public static IServiceCollection AddBuiltinActivities(this IServiceCollection services)
    {
        foreach (var type in Types) services.AddSingleton(typeof(IActivity), type);
        return services;
    }

    /// <summary>The same set without a container, for tools and tests. Loggers are the only dependencies activities take.</summary>
    public static IReadOnlyList<IActivity> Create(ILoggerFactory loggers) => Types.Select(t => Instantiate(t, loggers)).ToList();

    public static IActivity Instantiate(Type type, ILoggerFactory loggers)
    {
        var constructor = type.GetConstructors().Single();
        var arguments = constructor.GetParameters()
            .Select(p => p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == typeof(ILogger<>)
                ? Activator.CreateInstance(typeof(Logger<>).MakeGenericType(p.ParameterType.GetGenericArguments()[0]), loggers)
                : throw new InvalidOperationException($"{type.Name} needs {p.ParameterType.Name}; register it through DI instead."))
            .ToArray();
        return (IActivity)constructor.Invoke(arguments);
    }
}
