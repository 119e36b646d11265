using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Workflows.Engine.Model;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Definitions;

/// <summary>
/// Loads the definitions in <c>workflows/</c> and publishes them. A file is imported when its definition is new
/// or the file changed since it was last imported; edits made in the designer are not overwritten otherwise.
/// </summary>
public sealed class DefinitionFileLoader(WorkflowsDbContext db, DefinitionStore store, ILogger<DefinitionFileLoader> logger)
{
    public async Task<IReadOnlyList<string>> LoadAsync(string folder, CancellationToken cancellationToken = default)
    {
        var published = new List<string>();
        if (!Directory.Exists(folder))
        {
            logger.LogWarning("Workflows folder {Folder} does not exist; nothing to load", folder);
            return published;
        }

        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var text = await File.ReadAllTextAsync(file, cancellationToken);
            var hash = DefinitionStore.Hash(text);
            WorkflowDefinition definition;
            try
            {
                definition = WorkflowDefinition.Parse(text);
            }
            catch (DefinitionFormatException ex)
            {
                logger.LogError("Workflow file {File} cannot be read: {Message}", file, ex.MessageEn);
                continue;
            }
            if (string.IsNullOrEmpty(definition.DefinitionId))
            {
                logger.LogError("Workflow file {File} has no definitionId", file);
                continue;
            }
            if (await db.Definitions.AnyAsync(d => d.DefinitionId == definition.DefinitionId && d.SourceHash == hash, cancellationToken))
                continue;

            var result = await store.SaveAsync(definition.Json, publish: true, source: "file:workflows/" + Path.GetFileName(file), user: "system", sourceHash: hash, cancellationToken);
            if (!result.Succeeded)
            {
                logger.LogError("Workflow file {File} was not published: {Errors}", file, string.Join("; ", result.Messages.Select(m => m.MessageEn)));
                continue;
            }
            logger.LogInformation("Published {DefinitionId} v{Version} from {File}", result.Record!.DefinitionId, result.Record.Version, file);
            published.Add(result.Record.DefinitionId);
        }
        return published;
    }
}
