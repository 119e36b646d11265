using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Activities;
using Workflows.Engine.Model;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;

namespace Workflows.Server.Elsa.WorkflowDefinitions;

/// <summary>
/// Export (one JSON file, or a zip of several) and import (a posted model, or uploaded .json/.zip files). Files are
/// Elsa's definition JSON, so they move to and from an Elsa server. An import is a draft save: validated by the
/// store, and a batch of files is all or nothing.
/// </summary>
public static class ImportExport
{
    public const int MaxImportFiles = 50;

    public static void MapExportEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/workflow-definitions/{definitionId}/export", async (string definitionId, string? versionOptions, DefinitionStore store, ActivityRegistry registry, CancellationToken ct) =>
        {
            if (!DefinitionQueries.TryParse(versionOptions, VersionOptions.Latest, out var options, out var error)) return error;
            var record = await store.FindAsync(definitionId, options, ct);
            return record is null
                ? ElsaJson.NotFound($"流程定义 {definitionId} 没有符合 {options.Kind} 的版本", $"Definition {definitionId} has no {options.Kind} version")
                : Results.File(Encoding.UTF8.GetBytes(ExportText(record, registry)), "application/json", FileName(record));
        });

        api.MapPost("/bulk-actions/export/workflow-definitions", async (HttpRequest request, WorkflowsDbContext db, ActivityRegistry registry, CancellationToken ct) =>
        {
            var (body, error) = await ElsaJson.ReadObjectAsync(request, ct);
            if (error is not null) return error;
            var ids = ElsaJson.Strings(body!, "ids");
            var records = await db.Definitions.AsNoTracking().Where(d => ids.Contains(d.Id)).ToListAsync(ct);
            if (records.Count == 0) return ElsaJson.NotFound("没有可导出的流程定义", "Nothing to export");
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var record in records)
                {
                    var entry = zip.CreateEntry($"{record.DefinitionId}-v{record.Version}.json", CompressionLevel.Fastest);
                    await using var stream = entry.Open();
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(ExportText(record, registry)), ct);
                }
            }
            return Results.File(buffer.ToArray(), "application/zip", "workflow-definitions.zip");
        });
    }

    public static void MapImportEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/workflow-definitions/import", async (HttpContext http, DefinitionStore store, ActivityRegistry registry, CancellationToken ct) =>
        {
            var (model, error) = await ElsaJson.ReadObjectAsync(http.Request, ct);
            if (error is not null) return error;
            var result = await store.SaveAsync(DefinitionWire.FromWire(model!), publish: false, source: "import", user: http.User.ToActor().UserName, cancellationToken: ct);
            return result.Succeeded ? ElsaJson.Ok(DefinitionWire.ToWire(result.Record!, registry)) : ElsaJson.Invalid(result.Messages);
        });

        api.MapPost("/workflow-definitions/import-files", async (HttpContext http, DefinitionStore store, CancellationToken ct) =>
        {
            if (!http.Request.HasFormContentType)
                return ElsaJson.Invalid("请求格式错误 / Malformed request", ["请以 multipart/form-data 上传文件（字段名 files）。 / Upload files as multipart/form-data (field files)."]);
            var form = await http.Request.ReadFormAsync(ct);
            var (models, errors) = await ReadModelsAsync(form.Files, ct);
            if (errors.Count > 0) return ElsaJson.Invalid("导入失败，未做任何更改 / Import failed; nothing was changed", errors);
            if (models.Count == 0) return ElsaJson.Invalid("没有可导入的文件 / Nothing to import", ["请上传 .json 或 .zip 文件。 / Upload .json or .zip files."]);

            await using var transaction = await store.BeginBatchAsync(ct);
            foreach (var (name, model) in models)
            {
                var result = await store.SaveAsync(DefinitionWire.FromWire(model), publish: false, source: "import", user: http.User.ToActor().UserName, cancellationToken: ct);
                if (!result.Succeeded)
                {
                    await transaction.RollbackAsync(ct);
                    return ElsaJson.Invalid($"{name} 有错误，未导入任何文件 / {name} has errors; nothing was imported",
                        result.Messages.Where(m => m.Severity == Engine.Validation.ValidationSeverity.Error).Select(m => $"{name}: {ElsaJson.Text(m)}").ToList());
                }
            }
            await transaction.CommitAsync(ct);
            return ElsaJson.Ok(new JsonObject { ["count"] = models.Count });
        });
    }

    /// <summary>The stored definition as a file: Elsa's model with nodeIds, without links, as Elsa 3.x's exporter writes it.</summary>
    public static string ExportText(DefinitionRecord record, ActivityRegistry registry)
    {
        var json = DefinitionWire.ToWire(record, registry);
        json.Remove("links");
        json.Remove("materializerName");
        return EngineJson.Write(ElsaDialect.ForExport(json), indented: true);
    }

    public static string FileName(DefinitionRecord record) => $"{record.DefinitionId}.json";

    /// <summary>Reads every uploaded .json and every .json inside uploaded .zip files; errors name the file.</summary>
    public static async Task<(List<(string Name, JsonObject Model)> Models, List<string> Errors)> ReadModelsAsync(IFormFileCollection files, CancellationToken ct)
    {
        var models = new List<(string, JsonObject)>();
        var errors = new List<string>();
        foreach (var file in files)
        {
            if (file.FileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    await using var stream = file.OpenReadStream();
                    using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
                    foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
                    {
                        await using var entryStream = entry.Open();
                        using var reader = new StreamReader(entryStream, Encoding.UTF8);
                        Add($"{file.FileName}/{entry.FullName}", await reader.ReadToEndAsync(ct));
                    }
                }
                catch (InvalidDataException ex)
                {
                    errors.Add($"{file.FileName}: 不是有效的 zip 文件 / not a valid zip file ({ex.Message})");
                }
            }
            else
            {
                using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
                Add(file.FileName, await reader.ReadToEndAsync(ct));
            }
        }
        if (models.Count + errors.Count > MaxImportFiles)
            errors.Add($"一次最多导入 {MaxImportFiles} 个流程定义。 / At most {MaxImportFiles} definitions per import.");
        return (models, errors);

        void Add(string name, string text)
        {
            try
            {
                if (EngineJson.ParseNode(text, name) is JsonObject model && model.GetObject("root") is not null) models.Add((name, model));
                else errors.Add($"{name}: 不是 Elsa 流程定义（缺少 root） / not an Elsa workflow definition (no root)");
            }
            catch (DefinitionFormatException ex)
            {
                errors.Add($"{ex.Message} / {ex.MessageEn}");
            }
        }
    }
}
