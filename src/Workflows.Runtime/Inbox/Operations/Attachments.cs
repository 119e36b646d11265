using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Workflows.Runtime.Inbox;

public sealed record AttachmentInfo(string Id, string TaskId, string FileName, string ContentType, long Size, string UploadedBy, string? UploadedByName, DateTime UploadedAt);

/// <summary>
/// 附件: files on a task, kept in the database. Everyone who may see a task sees the attachments of its whole
/// instance (an approver reads what the applicant attached); whoever may act on it (and the initiator) may add.
/// Size, count and file type are limited (<see cref="InboxOptions"/>).
/// </summary>
public sealed class Attachments(InboxKit kit)
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".txt"] = "text/plain",
        [".csv"] = "text/csv",
        [".doc"] = "application/msword",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xls"] = "application/vnd.ms-excel",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".ppt"] = "application/vnd.ms-powerpoint",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".zip"] = "application/zip",
        [".ofd"] = "application/ofd",
    };

    public async Task<InboxResult> AddAsync(string taskId, string? fileName, Stream content, long length, Actor actor, CancellationToken cancellationToken)
    {
        var options = kit.Options;
        var name = Path.GetFileName(fileName?.Trim() ?? "");
        if (name.Length == 0 || name.Length > 200 || name.Any(char.IsControl))
            return InboxResult.Fail(InboxStatus.Invalid, "文件名无效。 / The file name is not valid.");
        var extension = Path.GetExtension(name);
        if (!options.AttachmentExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
            return InboxResult.Fail(InboxStatus.Invalid, $"不支持的文件类型 {extension}，可上传：{string.Join(" ", options.AttachmentExtensions)}。 / File type {extension} is not accepted.");
        if (length <= 0) return InboxResult.Fail(InboxStatus.Invalid, "文件为空。 / The file is empty.");
        if (length > options.MaxAttachmentBytes)
            return InboxResult.Fail(InboxStatus.Invalid, $"文件超过 {options.MaxAttachmentBytes / 1024 / 1024} MB 上限。 / The file exceeds {options.MaxAttachmentBytes / 1024 / 1024} MB.");

        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > options.MaxAttachmentBytes)
            return InboxResult.Fail(InboxStatus.Invalid, $"文件超过 {options.MaxAttachmentBytes / 1024 / 1024} MB 上限。 / The file exceeds the limit.");
        var bytes = buffer.ToArray();

        return await kit.OnTaskAsync(taskId, actor, async (context, rights) =>
        {
            if (!rights.Can(TaskRights.Attach)) throw InboxKit.Forbidden(context, actor, "上传附件");
            var task = context.Task;
            if (await kit.Db.Attachments().CountAsync(a => a.TaskId == task.Id, cancellationToken) >= options.MaxAttachmentsPerTask)
                throw InboxKit.Invalid($"每个待办最多 {options.MaxAttachmentsPerTask} 个附件。 / At most {options.MaxAttachmentsPerTask} attachments per task.");
            var record = new AttachmentRecord
            {
                Id = kit.Ids.NewId(),
                TaskId = task.Id,
                InstanceId = task.InstanceId,
                FileName = name,
                ContentType = ContentTypes.GetValueOrDefault(extension, "application/octet-stream"),
                Size = bytes.LongLength,
                Content = bytes,
                UploadedBy = actor.UserName,
                UploadedAt = kit.Now,
            };
            kit.Db.Attachments().Add(record);
            await kit.Audit.AddAsync(kit.Db, task.InstanceId, task, AuditActions.Attach, actor.UserName, null, null,
                new JsonObject { ["attachmentId"] = record.Id, ["fileName"] = name, ["size"] = record.Size }, cancellationToken);
            return InboxResult.Ok(new JsonObject { ["id"] = record.Id, ["fileName"] = name, ["size"] = record.Size, ["contentType"] = record.ContentType });
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<AttachmentInfo>?> ListAsync(string taskId, Actor actor, CancellationToken cancellationToken)
    {
        var context = await TaskContext.LoadAsync(kit.Db, taskId, actor, tracking: false, cancellationToken);
        if (context is null || !TaskAccess.Rights(context, actor).Can(TaskRights.View)) return null;
        return await ListForInstanceAsync(context.Task.InstanceId, cancellationToken);
    }

    public async Task<IReadOnlyList<AttachmentInfo>> ListForInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        var rows = await kit.Db.Attachments().AsNoTracking().Where(a => a.InstanceId == instanceId).OrderBy(a => a.UploadedAt)
            .Select(a => new { a.Id, a.TaskId, a.FileName, a.ContentType, a.Size, a.UploadedBy, a.UploadedAt }).ToListAsync(cancellationToken);
        var names = await InboxUsers.DisplayNamesAsync(kit.Db, rows.Select(r => r.UploadedBy), cancellationToken);
        return rows.Select(r => new AttachmentInfo(r.Id, r.TaskId, r.FileName, r.ContentType, r.Size, r.UploadedBy, names.GetValueOrDefault(r.UploadedBy), r.UploadedAt)).ToList();
    }

    /// <summary>The file, if the actor may see the task and the file belongs to the task's instance; else null (404).</summary>
    public async Task<AttachmentRecord?> GetAsync(string taskId, string attachmentId, Actor actor, CancellationToken cancellationToken)
    {
        var context = await TaskContext.LoadAsync(kit.Db, taskId, actor, tracking: false, cancellationToken);
        if (context is null || !TaskAccess.Rights(context, actor).Can(TaskRights.View)) return null;
        return await kit.Db.Attachments().AsNoTracking().FirstOrDefaultAsync(a => a.Id == attachmentId && a.InstanceId == context.Task.InstanceId, cancellationToken);
    }
}
