using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;

namespace Workflows.Server.Tests.Inbox;

/// <summary>The audit trail (export, append-only) and attachments.</summary>
public sealed class AuditAndAttachmentTests(InboxApp app) : IClassFixture<InboxApp>
{
    [Fact]
    public async Task AuditExport_Csv_HasBomHeaderAndChineseRows_JsonHasTheSameEntries()
    {
        var (instanceId, review) = await app.StartReviewAsync();
        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("chengyuan1", $"/api/tasks/{review}/complete", new { outcome = "Reject", comment = "=预算, \"过高\"" }));

        using var csv = await (await app.As("huiyuan1")).GetAsync($"/api/instances/{instanceId}/audit?format=csv");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        var json = (await (await app.As("mishu2")).GetFromJsonAsync<JsonObject>($"/api/instances/{instanceId}/audit?format=json"))!;

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("序号 No.,时间", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"办理\"", lines[2]);
        Assert.Contains("\"驳回\"", lines[2]);
        Assert.Contains("\"'=预算, \"\"过高\"\"\"", lines[2]);
        Assert.Equal(2, json["entries"]!.AsArray().Count);
        Assert.Equal("Reject", json["entries"]![1]!["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task AuditExport_ForStrangers_Is404_AndBadFormatIs400()
    {
        var (instanceId, _) = await app.StartReviewAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await (await app.As("zhuanjia1")).GetAsync($"/api/instances/{instanceId}/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.As("chengyuan2")).GetAsync($"/api/instances/{instanceId}/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await (await app.As("huiyuan1")).GetAsync($"/api/instances/{instanceId}/audit?format=xml")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.As("mishu1")).GetAsync("/api/instances/nope/audit")).StatusCode);
    }

    [Fact]
    public async Task AuditRecords_CannotBeChangedOrDeleted_NotByEfNotBySql()
    {
        var (instanceId, _) = await app.StartReviewAsync();
        var before = await app.AuditAsync(instanceId);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var record = await db.Audit().FirstAsync(a => a.InstanceId == instanceId);
        db.Entry(record).Property(a => a.Comment).CurrentValue = "篡改";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.Audit().Remove(await db.Audit().FirstAsync(a => a.InstanceId == instanceId));
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        var update = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("UPDATE wf_audit SET Comment = 'x' WHERE InstanceId = {0}", instanceId));
        await Assert.ThrowsAsync<SqliteException>(() => db.Audit().Where(a => a.InstanceId == instanceId).ExecuteDeleteAsync());

        Assert.Contains("append-only", update.Message);
        var after = await app.AuditAsync(instanceId);
        Assert.Equal(before.Select(a => (a.Id, a.Comment)), after.Select(a => (a.Id, a.Comment)));
    }

    private static MultipartFormDataContent File(string name, byte[] content, string type = "application/pdf")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new MultipartFormDataContent { { file, "file", name } };
    }

    [Fact]
    public async Task Attachments_UploadListDownload_ForThoseWhoSeeTheTask()
    {
        var (instanceId, review) = await app.StartReviewAsync();
        var content = Encoding.UTF8.GetBytes("%PDF-1.4 预算明细");

        var uploaded = await ResponseAssert.Status(HttpStatusCode.OK, await (await app.As("huiyuan1")).PostAsync($"/api/tasks/{review}/attachments", File("预算明细.pdf", content)));
        var id = uploaded["id"]!.GetValue<string>();

        var list = (await (await app.As("chengyuan1")).GetFromJsonAsync<JsonArray>($"/api/tasks/{review}/attachments"))!;
        Assert.Equal("预算明细.pdf", Assert.Single(list)!["fileName"]!.GetValue<string>());
        using var download = await (await app.As("chengyuan1")).GetAsync($"/api/tasks/{review}/attachments/{id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.As("zhuanjia1")).GetAsync($"/api/tasks/{review}/attachments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.As("zhuanjia1")).GetAsync($"/api/tasks/{review}/attachments")).StatusCode);
        Assert.Single(await app.AuditAsync(instanceId), a => a.Action == AuditActions.Attach);
    }

    [Fact]
    public async Task Attachments_WrongTypeTooBigOrStranger_AreRefused()
    {
        var (_, review) = await app.StartReviewAsync();

        await ResponseAssert.Status(HttpStatusCode.BadRequest, await (await app.As("chengyuan1")).PostAsync($"/api/tasks/{review}/attachments", File("run.exe", [1, 2, 3], "application/octet-stream")));
        await ResponseAssert.Status(HttpStatusCode.BadRequest, await (await app.As("chengyuan1")).PostAsync($"/api/tasks/{review}/attachments", File("big.pdf", new byte[3 * 1024 * 1024])));
        await ResponseAssert.Status(HttpStatusCode.BadRequest, await (await app.As("chengyuan1")).PostAsync($"/api/tasks/{review}/attachments", File("empty.pdf", [])));
        await ResponseAssert.Status(HttpStatusCode.NotFound, await (await app.As("zhuanjia1")).PostAsync($"/api/tasks/{review}/attachments", File("a.pdf", [1])));
        await ResponseAssert.Status(HttpStatusCode.BadRequest, await (await app.As("chengyuan1")).PostAsJsonAsync($"/api/tasks/{review}/attachments", new { file = "x" }));

        Assert.Equal(0, await app.QueryAsync(db => db.Attachments().CountAsync(a => a.TaskId == review)));
    }
}
