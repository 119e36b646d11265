using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Mail;
using Workflows.Runtime.Mail.Outbox;
using Workflows.Runtime.Persistence;
using Workflows.Testing;

namespace Workflows.Runtime.Tests.Mail;

/// <summary>
/// One mail per event per person, whatever order the action (the inbox's step-result mail) and the burst it resumes
/// (the process's mails and new tasks) write their rows in. Rows go through a real SQLite file, as in a burst.
/// </summary>
public sealed class MailMergeTests : IAsyncLifetime
{
    private const string Instance = "inst-1";
    private const string Applicant = "huiyuan1";
    private readonly TempFolder _folder = new();
    private WorkflowsDbContext _db = null!;
    private int _next;

    public async Task InitializeAsync()
    {
        var options = new DbContextOptionsBuilder<WorkflowsDbContext>().UseSqlite($"Data Source={_folder.File("merge.db")}").Options;
        _db = new WorkflowsDbContext(options, []);
        await _db.Database.EnsureCreatedAsync();
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task StepMail_ThenTheResubmitTask_ThenTheProcessReturnMail_OneMailThatLinksToTheTask()
    {
        // The order that once lost the task: the task folds into the step mail, which the process mail then replaces.
        AddAsInbox(InboxMail.StepResultKey(MailTemplateKind.ApplicationReturned, "t1"), MailTemplateKind.ApplicationReturned, Applicant, Links.Inbox, "秘书处审核");
        AddAsBurst("task:t2", MailTemplateKind.TaskAssigned, Applicant, Links.Task("t2"), "修改后重新提交");
        AddAsBurst("returned:p1", MailTemplateKind.ApplicationReturned, Applicant, link: null, taskTitle: null);
        await _db.SaveChangesAsync();

        var mail = Assert.Single(await RowsAsync());
        Assert.Equal("returned:p1", mail.IdempotencyKey);
        var model = Model(mail);
        Assert.Equal(Links.Task("t2"), model["link"]!.GetValue<string>());
        Assert.Equal("修改后重新提交", model["taskTitle"]!.GetValue<string>());
    }

    [Fact]
    public async Task StepMail_ThenTheProcessMail_ThenTheTask_OneMailThatLinksToTheTask()
    {
        AddAsInbox(InboxMail.StepResultKey(MailTemplateKind.ApplicationReturned, "t1"), MailTemplateKind.ApplicationReturned, Applicant, Links.Inbox, "秘书处审核");
        AddAsBurst("returned:p1", MailTemplateKind.ApplicationReturned, Applicant, link: null, taskTitle: null);
        AddAsBurst("task:t2", MailTemplateKind.TaskAssigned, Applicant, Links.Task("t2"), "修改后重新提交");
        await _db.SaveChangesAsync();

        var mail = Assert.Single(await RowsAsync());
        Assert.Equal("returned:p1", mail.IdempotencyKey);
        Assert.Equal(Links.Task("t2"), Model(mail)["link"]!.GetValue<string>());
    }

    [Fact]
    public async Task ProcessMailWithoutALink_LinksToTheApplication_AndReplacesTheStepMail()
    {
        AddAsInbox(InboxMail.StepResultKey(MailTemplateKind.Decision, "t1"), MailTemplateKind.Decision, Applicant, Links.Instance(Instance), "秘书处审核");
        AddAsBurst("mail:decision-p1", MailTemplateKind.Decision, Applicant, link: null, taskTitle: null);
        await _db.SaveChangesAsync();

        var mail = Assert.Single(await RowsAsync());
        Assert.Equal("mail:decision-p1", mail.IdempotencyKey);
        Assert.Equal(Links.Instance(Instance), Model(mail)["link"]!.GetValue<string>());
    }

    [Fact]
    public async Task TaskForARole_OrForSomeoneNotTold_IsMailedOnItsOwn()
    {
        AddAsBurst("mail:decision-p1", MailTemplateKind.Decision, Applicant, link: null, taskTitle: null);
        AddAsBurst("task:t2", MailTemplateKind.TaskAssigned, $"{RecipientResolver.RolePrefix}secretariat", Links.Task("t2"), "秘书处审核");
        AddAsBurst("task:t3", MailTemplateKind.TaskAssigned, "mishu1", Links.Task("t3"), "秘书处复核");
        await _db.SaveChangesAsync();

        Assert.Equal(["mail:decision-p1", "task:t2", "task:t3"], (await RowsAsync()).Select(r => r.IdempotencyKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FoldedStepMail_ReplacedByAProcessMailToSeveral_KeepsTheStepMailThatAnnouncesTheTask()
    {
        AddAsInbox(InboxMail.StepResultKey(MailTemplateKind.Decision, "t1"), MailTemplateKind.Decision, Applicant, Links.Instance(Instance), "秘书处审核");
        AddAsBurst("task:t2", MailTemplateKind.TaskAssigned, Applicant, Links.Task("t2"), "补充材料");
        AddAsBurst("result:p1", MailTemplateKind.ResultPublished, [Applicant, "mishu1"], link: null, taskTitle: null);
        await _db.SaveChangesAsync();

        var rows = await RowsAsync();
        Assert.Equal(["decision:t1", "result:p1"], rows.Select(r => r.IdempotencyKey).Order(StringComparer.Ordinal));
        Assert.Equal(Links.Task("t2"), Model(rows.Single(r => r.IdempotencyKey == "decision:t1"))["link"]!.GetValue<string>());
        Assert.Equal(Links.Instance(Instance), Model(rows.Single(r => r.IdempotencyKey == "result:p1"))["link"]!.GetValue<string>());
    }

    // The inbox adds its rows without merging (InboxMail.QueueAsync); the burst merges before adding (BurstUnitOfWork).
    private void AddAsInbox(string key, MailTemplateKind kind, string to, string link, string taskTitle) =>
        _db.Outbox.Add(Row(key, kind, [to], link, taskTitle));

    private void AddAsBurst(string key, MailTemplateKind kind, string to, string? link, string? taskTitle) =>
        AddAsBurst(key, kind, [to], link, taskTitle);

    private void AddAsBurst(string key, MailTemplateKind kind, string[] to, string? link, string? taskTitle)
    {
        var row = Row(key, kind, to, link, taskTitle);
        if (MailMerge.Apply(_db, row)) _db.Outbox.Add(row);
    }

    private OutboxRecord Row(string key, MailTemplateKind kind, string[] to, string? link, string? taskTitle)
    {
        var model = new JsonObject { ["processName"] = "分支机构设立" };
        if (link is not null) model["link"] = link;
        if (taskTitle is not null) model["taskTitle"] = taskTitle;
        var id = $"m{++_next}";
        return new OutboxRecord
        {
            Id = id,
            MessageId = $"<{id}.{Instance}@workflows.local>",
            InstanceId = Instance,
            IdempotencyKey = key,
            ToJson = new JsonArray(to.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()).ToJsonString(),
            Template = InboxMail.TemplateName(kind),
            ModelJson = model.ToJsonString(),
            Status = OutboxStatuses.Pending,
            NextAttemptAt = DateTime.UnixEpoch,
            CreatedAt = DateTime.UnixEpoch,
        };
    }

    private async Task<List<OutboxRecord>> RowsAsync() =>
        await _db.Outbox.AsNoTracking().ToListAsync();

    private static JsonObject Model(OutboxRecord row) => (JsonObject)JsonNode.Parse(row.ModelJson!)!;
}
