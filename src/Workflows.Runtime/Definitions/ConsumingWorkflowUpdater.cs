using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflows.Engine.Activities.Builtin;
using Workflows.Engine.Model;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Definitions;

/// <summary>
/// Elsa's "auto-update consuming workflows" (Workflows.Management/Services/WorkflowReferenceUpdater.cs): when a
/// definition usable as an activity with <c>options.autoUpdateConsumingWorkflows</c> gets a new published version,
/// every definition whose latest version uses it as an activity is moved to that version, and published again
/// if its latest version was published (saved as a draft otherwise). Without the option, consumers stay pinned
/// to the <c>workflowDefinitionVersionId</c> they were built with.
/// </summary>
internal sealed partial class ConsumingWorkflowUpdater(IServiceScopeFactory scopes, ILogger<ConsumingWorkflowUpdater> logger) : IDefinitionChangeHandler
{
    // A cycle of definitions using each other would otherwise republish for ever.
    private static readonly AsyncLocal<int> Depth = new();

    public async Task OnPublishedVersionChangedAsync(string definitionId, CancellationToken cancellationToken)
    {
        if (Depth.Value >= 8) return;
        Depth.Value++;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var published = await db.Definitions.AsNoTracking().FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.IsPublished, cancellationToken);
            if (published is null || JsonNode.Parse(published.Json) is not JsonObject json) return;
            var options = json.GetObject("options");
            if (options?.GetBool("usableAsActivity") != true || options.GetBool("autoUpdateConsumingWorkflows") != true) return;

            var needle = $"\"workflowDefinitionId\":\"{definitionId}\"";
            var consumers = await db.Definitions.AsNoTracking()
                .Where(d => d.IsLatest && d.DefinitionId != definitionId && d.Json.Contains(needle)).ToListAsync(cancellationToken);
            var store = scope.ServiceProvider.GetRequiredService<DefinitionStore>();
            foreach (var consumer in consumers)
            {
                if (JsonNode.Parse(consumer.Json) is not JsonObject model || model.GetObject("root") is not { } root) continue;
                if (!Repoint(root, published)) continue;
                var result = await store.SaveAsync(model, publish: consumer.IsPublished, source: consumer.Source, user: "auto-update", cancellationToken: cancellationToken);
                if (result.Succeeded) LogUpdated(consumer.DefinitionId, definitionId, published.Version);
                else LogRefused(consumer.DefinitionId, definitionId, string.Join("; ", result.Messages.Select(m => m.Message)));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Called after the publish committed: a failure here must not turn the publish into an error.
            LogFailed(ex, definitionId);
        }
        finally
        {
            Depth.Value--;
        }
    }

    /// <summary>Points every node of the definition at the new version; false when all already did.</summary>
    private static bool Repoint(JsonNode? node, DefinitionRecord target)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject activity:
                if (activity.GetString("workflowDefinitionId") == target.DefinitionId && WorkflowDefinitionActivity.IsDefinitionNode(activity)
                    && activity.GetString("workflowDefinitionVersionId") != target.Id)
                {
                    activity["workflowDefinitionVersionId"] = target.Id;
                    activity["latestAvailablePublishedVersion"] = target.Version;
                    activity["latestAvailablePublishedVersionId"] = target.Id;
                    activity["version"] = target.Version;
                    changed = true;
                }
                foreach (var (_, value) in activity.ToList()) changed |= Repoint(value, target);
                break;
            case JsonArray array:
                foreach (var item in array) changed |= Repoint(item, target);
                break;
        }
        return changed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Definition {ConsumerId} now uses {DefinitionId} v{Version} (auto-update consuming workflows)")]
    private partial void LogUpdated(string consumerId, string definitionId, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Definition {ConsumerId} could not be moved to the new version of {DefinitionId}: {Reasons}")]
    private partial void LogRefused(string consumerId, string definitionId, string reasons);

    [LoggerMessage(Level = LogLevel.Error, Message = "Updating the consumers of {DefinitionId} failed")]
    private partial void LogFailed(Exception ex, string definitionId);
}
