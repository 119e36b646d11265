using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;
using Workflows.Runtime.Inbox;
using Workflows.Server.Hosting;

namespace Workflows.Server.Api.Tasks;

/// <summary>Attachments: upload (multipart, field "file"), list, download (always as a download, never rendered inline).</summary>
internal static class TaskAttachmentEndpoints
{
    public static void MapTaskAttachments(this RouteGroupBuilder tasks)
    {
        tasks.MapGet("/{id}/attachments", async (string id, ClaimsPrincipal user, Attachments attachments, CancellationToken ct) =>
            await attachments.ListAsync(id, user.Actor(), ct) is { } list
                ? Results.Ok(InboxHttp.Array(list.Select(a => (JsonNode?)new JsonObject
                {
                    ["id"] = a.Id,
                    ["taskId"] = a.TaskId,
                    ["fileName"] = a.FileName,
                    ["contentType"] = a.ContentType,
                    ["size"] = a.Size,
                    ["uploadedBy"] = a.UploadedBy,
                    ["uploadedByName"] = a.UploadedByName,
                    ["uploadedAt"] = a.UploadedAt,
                })))
                : Security.Problems.Result(StatusCodes.Status404NotFound, Ui.T("待办不存在或您无权查看。", "The task does not exist or is not visible to you.")));

        tasks.MapGet("/{id}/attachments/{attachmentId}", async (string id, string attachmentId, ClaimsPrincipal user, Attachments attachments, HttpResponse response, CancellationToken ct) =>
        {
            if (await attachments.GetAsync(id, attachmentId, user.Actor(), ct) is not { } file)
                return Security.Problems.Result(StatusCodes.Status404NotFound, Ui.T("附件不存在或您无权查看。", "The attachment does not exist or is not visible to you."));
            response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
            return Results.File(file.Content, file.ContentType, file.FileName);
        });

        tasks.MapPost("/{id}/attachments", async (string id, HttpRequest request, ClaimsPrincipal user, Attachments attachments, CancellationToken ct) =>
        {
            if (!request.HasFormContentType)
                return HttpResults.BadRequest("请上传文件", "请以 multipart/form-data 上传，字段名 file。 / Upload as multipart/form-data with a field named file.");
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(ct);
            }
            catch (InvalidDataException ex)
            {
                return HttpResults.BadRequest("上传内容无效", ex.Message);
            }
            if (form.Files.GetFile("file") is not { } file)
                return HttpResults.BadRequest("请上传文件", "缺少字段 file。 / The field file is missing.");
            await using var stream = file.OpenReadStream();
            return (await attachments.AddAsync(id, file.FileName, stream, file.Length, user.Actor(), ct)).ToHttp();
        }).DisableAntiforgery();
    }
}
