using System.Text.Json.Nodes;
using Workflows.Engine.Model;
using static Workflows.Testing.Wf;

namespace Workflows.Runtime.Tests.Scheduling;

/// <summary>Definitions that start on a Cron trigger activity, as the designer writes them.</summary>
internal static class CronDefinitions
{
    public const string TriggerId = "tick";

    /// <summary>Cron trigger → a human task, so every started instance waits and can be counted.</summary>
    public static WorkflowDefinition Ticking(string definitionId, string cron) =>
        Def(definitionId,
        [
            Act(TriggerId, "Elsa.Cron", ("cronExpression", Lit(cron)), ("customProperties", new JsonObject { ["canStartWorkflow"] = true })),
            HumanTask("review", "定时检查"),
        ],
        [Conn(TriggerId, "review")]);

    /// <summary>The tick of an instance started by a cron trigger, from its idempotency key "cron:def:activity:yyyyMMddTHHmmssZ".</summary>
    public static DateTimeOffset TickOf(string key) =>
        DateTimeOffset.ParseExact(key[(key.LastIndexOf(':') + 1)..], "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal);
}
