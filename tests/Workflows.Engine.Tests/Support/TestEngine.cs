using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Engine.Activities;
using Workflows.Engine.Activities.Builtin;
using Workflows.Engine.Hosting;
using Workflows.Engine.Model;
using Workflows.Engine.Services;
using Workflows.Testing;

namespace Workflows.Engine.Tests.Support;

internal static class TestEngine
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 5, 1, 0, 0, TimeSpan.Zero);

    public static ActivityRegistry Registry() => new(BuiltinActivities.Create(NullLoggerFactory.Instance));

    public static (InMemoryWorkflowHost Host, ManualTimeProvider Clock) Host(params WorkflowDefinition[] definitions) => Host(null, definitions);

    public static (InMemoryWorkflowHost Host, ManualTimeProvider Clock) Host(Expressions.JavaScriptOptions? js, params WorkflowDefinition[] definitions)
    {
        var clock = new ManualTimeProvider(Epoch);
        var host = new InMemoryWorkflowHost(Registry(), clock, new SequentialIdGenerator(), js);
        foreach (var d in definitions) host.AddDefinition(d);
        return (host, clock);
    }
}
