using System.Text.Json.Nodes;
using Workflows.Engine.Activities.Builtin;
using Workflows.Engine.Model;

namespace Workflows.Runtime.Scheduling;

/// <summary>A Cron trigger activity of a definition: where the scheduler starts it, and on which cron.</summary>
public sealed record CronTrigger(string ActivityId, string Label, string? Cron, string? Problem);

/// <summary>
/// Finds the Cron activities that start a definition: on the root flowchart, marked canStartWorkflow by the
/// designer or with no inbound connection (a Cron activity further down the flow only waits, and is not a schedule).
/// </summary>
public static class CronTriggers
{
    public static IReadOnlyList<CronTrigger> Find(JsonObject definition)
    {
        var root = definition.GetObject("root");
        if (root?.GetArray("activities") is not { } activities) return [];
        var targets = (root.GetArray("connections") ?? []).OfType<JsonObject>()
            .Select(c => c.GetObject("target")?.GetString("activity"))
            .Where(t => t is not null).ToHashSet(StringComparer.Ordinal);

        var found = new List<CronTrigger>();
        foreach (var activity in activities.OfType<JsonObject>())
        {
            if (ActivityJson.Type(activity) != CronActivity.TypeName) continue;
            var id = ActivityJson.Id(activity);
            var canStart = activity.GetObject("customProperties")?.GetBool("canStartWorkflow") == true;
            if (!canStart && targets.Contains(id)) continue;

            var expression = activity.GetObject("cronExpression")?.GetObject("expression");
            var label = ActivityJson.Label(activity);
            if (expression is null || expression.GetString("type") != "Literal")
            {
                found.Add(new CronTrigger(id, label, null,
                    $"活动 {label} 的 Cron 表达式必须是固定值（Literal）才能按计划启动。 / The cron expression of {label} must be a literal value to be scheduled."));
                continue;
            }
            var cron = expression["value"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? expression.GetString("value")?.Trim() : null;
            found.Add(new CronTrigger(id, label, cron, CronText.Validate(cron)));
        }
        return found;
    }
}
