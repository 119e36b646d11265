using System.Text.Json.Nodes;
using Workflows.Engine.Model;

namespace Workflows.Engine.Execution;

/// <summary>What a finished child hands its parent besides its output (a definition used as an activity).</summary>
public static class ChildOutcomes
{
    /// <summary>The outcomes the child's root completed with (an Elsa.Complete sets them), from the burst's journal.</summary>
    public static JsonArray? Of(IReadOnlyList<JournalEntry> journal) =>
        journal.LastOrDefault(j => j.EventName == JournalEvents.Completed && j.ParentActivityExecutionId is null)?.Payload?["outcomes"]?.DeepClone() as JsonArray;

    /// <summary>
    /// Elsa writes a definition activity's inputs camel-cased (<c>input1</c> for the input <c>Input1</c>); the child
    /// reads them by their declared names.
    /// </summary>
    public static JsonObject? MatchDeclaredInputs(JsonObject? input, string definitionJson)
    {
        if (input is null || JsonNode.Parse(definitionJson) is not JsonObject definition) return input;
        var declared = (definition.GetArray("inputs") ?? []).OfType<JsonObject>().Select(i => i.GetString("name")).OfType<string>().ToList();
        var result = new JsonObject();
        foreach (var (name, value) in input)
        {
            var match = declared.FirstOrDefault(d => string.Equals(d, name, StringComparison.OrdinalIgnoreCase)) ?? name;
            result[match] = value?.DeepClone();
        }
        return result;
    }
}
