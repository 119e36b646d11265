using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Activities;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;
using Workflows.Server.Elsa;
using Workflows.Server.Elsa.WorkflowDefinitions;
using Workflows.Server.Hosting;
using Workflows.Server.Studio;

namespace Workflows.Server.Pages.Designer;

/// <summary>
/// /designer: our own definition list (Studio's list element needs the same API but shows English labels and no
/// running instances). Every change goes through <see cref="DefinitionStore"/>, exactly as the API's do.
/// </summary>
public sealed class DefinitionListModel(TokenService tokens, TimeProvider clock, StudioOptions studio, WorkflowsDbContext db, DefinitionStore store, ActivityRegistry registry)
    : StudioPageModel(tokens, clock, studio)
{
    public sealed record Row(string DefinitionId, string Name, string? Description, int LatestVersion, bool LatestPublished, int? PublishedVersion,
        DateTime UpdatedAt, string? UpdatedBy, int Running, string? LastInstanceId);

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? Errors { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Admit()) return Page();
        var query = db.Definitions.AsNoTracking().Where(d => d.IsLatest);
        if (Q?.Trim() is { Length: > 0 } term)
        {
            var lowered = term.ToLowerInvariant();
            query = query.Where(d => (d.Name != null && d.Name.ToLower().Contains(lowered)) || d.DefinitionId.ToLower().Contains(lowered));
        }
        var latest = await query.OrderBy(d => d.Name).Select(d => new { d.DefinitionId, d.Name, d.Description, d.Version, d.IsPublished, d.UpdatedAt, d.CreatedBy }).ToListAsync(cancellationToken);
        var ids = latest.Select(l => l.DefinitionId).ToList();
        var published = await db.Definitions.AsNoTracking().Where(d => d.IsPublished && ids.Contains(d.DefinitionId))
            .Select(d => new { d.DefinitionId, d.Version }).ToDictionaryAsync(d => d.DefinitionId, d => d.Version, cancellationToken);
        var running = await db.Instances.AsNoTracking().Where(i => ids.Contains(i.DefinitionId) && i.Status == "Running")
            .GroupBy(i => i.DefinitionId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var lastIds = await db.Instances.AsNoTracking().Where(i => ids.Contains(i.DefinitionId))
            .GroupBy(i => i.DefinitionId)
            .Select(g => new { g.Key, Id = g.OrderByDescending(i => i.CreatedAt).Select(i => i.Id).First() })
            .ToDictionaryAsync(g => g.Key, g => g.Id, cancellationToken);
        Rows = latest.Select(l => new Row(l.DefinitionId, l.Name ?? l.DefinitionId, l.Description, l.Version, l.IsPublished,
            published.TryGetValue(l.DefinitionId, out var v) ? v : null, l.UpdatedAt, l.CreatedBy,
            running.TryGetValue(l.DefinitionId, out var n) ? n : 0, lastIds.GetValueOrDefault(l.DefinitionId))).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? name, CancellationToken cancellationToken)
    {
        if (!Admit()) return Page();
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0) return Back(errors: [Ui.T("请填写流程名称。", "Give the workflow a name.")]);
        if (await db.Definitions.AnyAsync(d => d.IsLatest && d.Name == trimmed, cancellationToken))
            return Back(errors: [Ui.T($"已有名为“{trimmed}”的流程。", $"A workflow named \"{trimmed}\" exists.")]);
        var result = await store.SaveAsync(NewDefinition(trimmed), publish: false, source: "designer", user: User.ToActor().UserName, cancellationToken: cancellationToken);
        if (!result.Succeeded) return Back(errors: result.Messages.Select(ElsaJson.Text).ToList());
        return Redirect($"/designer/{Uri.EscapeDataString(result.Record!.DefinitionId)}");
    }

    public async Task<IActionResult> OnPostPublishAsync(string definitionId, CancellationToken cancellationToken)
    {
        if (!Admit()) return Page();
        var result = await store.PublishAsync(definitionId, User.ToActor().UserName, cancellationToken);
        if (!result.Succeeded) return Back(errors: result.Messages.Where(m => m.Severity == Engine.Validation.ValidationSeverity.Error).Select(ElsaJson.Text).ToList());
        return Back(message: result.AlreadyPublished
            ? Ui.T($"第 {result.Record!.Version} 版已是发布版本。", $"Version {result.Record!.Version} is already published.")
            : Ui.T($"已发布第 {result.Record!.Version} 版：新发起的流程使用此版本，运行中的流程不受影响。", $"Version {result.Record!.Version} published: new instances use it, running ones keep theirs."));
    }

    public async Task<IActionResult> OnPostRetractAsync(string definitionId, CancellationToken cancellationToken)
    {
        if (!Admit()) return Page();
        return await store.RetractAsync(definitionId, cancellationToken) is { } record
            ? Back(message: Ui.T($"已撤销第 {record.Version} 版的发布，暂时不能发起新流程。", $"Version {record.Version} unpublished; no new instances can start."))
            : Back(errors: [Ui.T("该流程没有已发布的版本。", "The workflow has no published version.")]);
    }

    public async Task<IActionResult> OnPostDeleteAsync(string definitionId, CancellationToken cancellationToken)
    {
        if (!Admit()) return Page();
        var count = await store.DeleteAsync(definitionId, cancellationToken);
        return count > 0
            ? Back(message: Ui.T($"已删除流程 {definitionId}（{count} 个版本）。运行中的实例按各自的版本继续。", $"Deleted {definitionId} ({count} versions). Running instances continue on their version."))
            : Back(errors: [Ui.T($"流程 {definitionId} 不存在。", $"Workflow {definitionId} does not exist.")]);
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        if (!Admit()) return Page();
        var (models, errors) = await ImportExport.ReadModelsAsync(Request.Form.Files, cancellationToken);
        if (errors.Count > 0) return Back(errors: errors);
        if (models.Count == 0) return Back(errors: [Ui.T("请选择 .json 或 .zip 文件。", "Choose .json or .zip files.")]);
        await using var transaction = await store.BeginBatchAsync(cancellationToken);
        foreach (var (fileName, model) in models)
        {
            var result = await store.SaveAsync(DefinitionWire.FromWire(model), publish: false, source: "import", user: User.ToActor().UserName, cancellationToken: cancellationToken);
            if (!result.Succeeded)
            {
                await transaction.RollbackAsync(cancellationToken);
                return Back(errors: result.Messages.Where(m => m.Severity == Engine.Validation.ValidationSeverity.Error).Select(m => $"{fileName}: {ElsaJson.Text(m)}").ToList());
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return Back(message: Ui.T($"已导入 {models.Count} 个流程（草稿），请检查后发布。", $"Imported {models.Count} workflows as drafts; check and publish them."));
    }

    public async Task<IActionResult> OnGetExportAsync(string definitionId, CancellationToken cancellationToken)
    {
        if (!Admit()) return Page();
        var record = await store.FindAsync(definitionId, VersionOptions.Latest, cancellationToken);
        if (record is null) return Back(errors: [Ui.T($"流程 {definitionId} 不存在。", $"Workflow {definitionId} does not exist.")]);
        return File(Encoding.UTF8.GetBytes(ImportExport.ExportText(record, registry)), "application/json", ImportExport.FileName(record));
    }

    private RedirectResult Back(string? message = null, IReadOnlyList<string>? errors = null)
    {
        Message = message;
        Errors = errors is null ? null : string.Join("\n", errors);
        return Redirect("/designer" + (string.IsNullOrEmpty(Q) ? "" : "?q=" + Uri.EscapeDataString(Q)));
    }

    /// <summary>A new workflow: a flowchart with a Start activity, so the first save is already runnable from the start.</summary>
    public static JsonObject NewDefinition(string name) => new()
    {
        ["name"] = name,
        ["description"] = "",
        ["toolVersion"] = "3.8.0.0",
        ["variables"] = new JsonArray(),
        ["inputs"] = new JsonArray(),
        ["outputs"] = new JsonArray(),
        ["outcomes"] = new JsonArray(),
        ["customProperties"] = new JsonObject(),
        ["isReadonly"] = false,
        ["options"] = new JsonObject { ["autoUpdateConsumingWorkflows"] = false },
        ["root"] = new JsonObject
        {
            ["id"] = "flowchart1",
            ["type"] = "Elsa.Flowchart",
            ["version"] = 1,
            ["name"] = "Flowchart1",
            ["customProperties"] = new JsonObject(),
            ["metadata"] = new JsonObject(),
            ["activities"] = new JsonArray(new JsonObject
            {
                ["id"] = "start1",
                ["type"] = "Elsa.Start",
                ["version"] = 1,
                ["name"] = "Start1",
                ["customProperties"] = new JsonObject { ["canStartWorkflow"] = true },
                ["metadata"] = new JsonObject
                {
                    ["displayText"] = "开始",
                    ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 }, ["size"] = new JsonObject { ["width"] = 160, ["height"] = 50 } },
                },
            }),
            ["connections"] = new JsonArray(),
        },
    };
}
