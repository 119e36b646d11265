using System.Text;
using System.Text.Json.Nodes;
using Workflows.Engine.Activities;
using Workflows.Engine.Model;

namespace Workflows.Engine.Execution;

/// <summary>
/// Sizes an instance may store (issue 12): a variable's value, one activity's outputs and a workflow output, measured
/// as UTF-8 JSON. Past a limit the activity that wrote the value faults with an incident naming the value and the
/// limit, and nothing of it is stored. Journal payloads past their limit are stored as a marker
/// (<c>{"truncated":true,"bytes":N}</c>): the journal is a record of what happened, and an activity that has already
/// done its work (sent a mail) should not fault for the size of its log line.
/// </summary>
public static class StateLimits
{
    public static int Utf8Size(JsonNode? value) => value is null ? 4 : Encoding.UTF8.GetByteCount(EngineJson.Write(value));

    internal static void Check(WorkflowExecutionContext wf, string what, string name, JsonNode? value, int limit)
    {
        if (limit <= 0 || value is null) return;
        // Cheap first: a value whose text alone is under a quarter of the limit cannot exceed it (≤ 4 bytes a char).
        if (value is JsonValue v && v.TryGetValue<string>(out var text) && text.Length * 4L + 2 <= limit) return;
        var size = Utf8Size(value);
        if (size <= limit) return;
        var (zh, en) = what switch
        {
            "variable" => ("变量", "Variable"),
            "output" => ("活动输出", "Activity output"),
            _ => ("流程输出", "Workflow output"),
        };
        throw new ActivityFaultException(
            $"{zh} {name} 的值有 {Kb(size)}，超过上限 {Kb(limit)}，未保存。 / {en} {name} is {Kb(size)}, over the limit of {Kb(limit)}; it was not stored.",
            "StateLimit", "Limits", "System");
    }

    internal static JsonObject? LimitPayload(JsonObject? payload, int limit, out int size)
    {
        size = 0;
        if (payload is null) return null;
        size = Utf8Size(payload);
        return limit > 0 && size > limit ? new JsonObject { ["truncated"] = true, ["bytes"] = size } : payload;
    }

    private static string Kb(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1048576.0:0.#} MB" : $"{bytes / 1024.0:0.#} KB";
}
