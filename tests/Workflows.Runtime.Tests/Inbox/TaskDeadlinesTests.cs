using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Tests.Support;
using static Workflows.Testing.Wf;

namespace Workflows.Runtime.Tests.Inbox;

/// <summary>TaskDeadlines.ProcessAsync driven by a manual clock on a real SQLite file, as the scheduler will call it.</summary>
public class TaskDeadlinesTests
{
    private static Engine.Model.WorkflowDefinition Deadline(string id, string? escalateTo, string? countersign = null)
    {
        var task = HumanTask("t", "限期审批", "leadershipGroupMember");
        task.Remove("candidateRole");
        task["assignee"] = Lit(countersign is null ? "chengyuan1" : "chengyuan1,chengyuan2");
        task["dueIn"] = Lit("5.00:00:00", "TimeSpan");
        if (escalateTo is not null) task["escalateTo"] = Lit(escalateTo);
        if (countersign is not null) task["countersign"] = Obj(countersign);
        return Def(id, [Act("start", "Elsa.Start"), task, WriteLine("done", "完成")], [Conn("start", "t"), Conn("t", "done", "Approve")]);
    }

    private static async Task<RuntimeTestHost> HostAsync()
    {
        var host = await RuntimeTestHost.StartAsync();
        await host.QueryAsync(async db =>
        {
            foreach (var (name, display) in new[] { ("chengyuan1", "成员一"), ("chengyuan2", "成员二"), ("zuzhang", "组长") })
                db.Users.Add(new UserRecord { Id = name, UserName = name, DisplayName = display, PasswordHash = "-", CreatedAt = RuntimeTestHost.Epoch.UtcDateTime });
            return await db.SaveChangesAsync();
        });
        await host.PublishAsync(Deadline("deadline", "zuzhang"));
        await host.PublishAsync(Deadline("deadline-default", null));
        await host.PublishAsync(Deadline("deadline-countersign", "zuzhang", """{"mode":"all"}"""));
        return host;
    }

    private static async Task<TaskRecord> StartAsync(RuntimeTestHost host, string definitionId = "deadline")
    {
        var instanceId = (await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = definitionId, InitiatedBy = "huiyuan1" })).InstanceId!;
        return Assert.Single(await host.OpenTasksAsync(instanceId));
    }

    private static Task<DeadlineRun> ProcessAsync(RuntimeTestHost host) =>
        host.Services.GetRequiredService<TaskDeadlines>().ProcessAsync(host.Clock.GetUtcNow());

    private static Task<List<OutboxRecord>> Mails(RuntimeTestHost host, string taskId, string template) =>
        host.QueryAsync(db => db.Outbox.AsNoTracking().Where(o => o.Template == template && o.IdempotencyKey.Contains(taskId)).OrderBy(o => o.CreatedAt).ToListAsync());

    [Fact]
    public async Task ProcessAsync_RemindsAtEachOffsetOnce_ThenEscalatesOnceAfterTheDueDate()
    {
        await using var host = await HostAsync();
        var task = await StartAsync(host);
        var created = host.Clock.GetUtcNow();
        Assert.Equal((created + TimeSpan.FromDays(2)).UtcDateTime, task.NextReminderAt);

        host.Clock.Set(created + TimeSpan.FromDays(1));
        Assert.Equal(new DeadlineRun(0, 0), await ProcessAsync(host));

        host.Clock.Set(created + TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        Assert.Equal(new DeadlineRun(1, 0), await ProcessAsync(host));
        Assert.Equal(new DeadlineRun(0, 0), await ProcessAsync(host));
        var first = Assert.Single(await Mails(host, task.Id, "reminder"));
        Assert.Equal($"reminder:{task.Id}:3.00:00:00", first.IdempotencyKey);
        Assert.Equal("[\"chengyuan1\"]", first.ToJson);
        var model = JsonNode.Parse(first.ModelJson!)!;
        Assert.Equal("成员一", model["recipientName"]!.GetValue<string>());
        Assert.Equal(task.DueAt, DateTimeOffset.Parse(model["dueDate"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).UtcDateTime);

        host.Clock.Set(created + TimeSpan.FromDays(4) + TimeSpan.FromMinutes(1));
        Assert.Equal(new DeadlineRun(1, 0), await ProcessAsync(host));
        Assert.Equal($"reminder:{task.Id}:1.00:00:00", (await Mails(host, task.Id, "reminder"))[1].IdempotencyKey);

        host.Clock.Set(created + TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1));
        Assert.Equal(new DeadlineRun(0, 1), await ProcessAsync(host));
        Assert.Equal(new DeadlineRun(0, 0), await ProcessAsync(host));

        var escalated = await host.QueryAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == task.Id));
        Assert.Equal(("zuzhang", "[\"zuzhang\"]"), (escalated.Assignee, escalated.AssigneesJson));
        Assert.NotNull(escalated.EscalatedAt);
        var mail = Assert.Single(await Mails(host, task.Id, "escalation"));
        Assert.Equal("[\"zuzhang\"]", mail.ToJson);
        Assert.Equal("成员一", JsonNode.Parse(mail.ModelJson!)!["actorName"]!.GetValue<string>());
        var audit = await host.QueryAsync(db => db.Audit().AsNoTracking().Where(a => a.TaskId == task.Id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal([AuditActions.Remind, AuditActions.Remind, AuditActions.Escalate], audit);
    }

    [Fact]
    public async Task ProcessAsync_AfterDowntime_CatchesUpWithOneReminderNotOnePerMissedOffset()
    {
        await using var host = await HostAsync();
        var task = await StartAsync(host);

        host.Clock.Advance(TimeSpan.FromDays(4.5));
        Assert.Equal(new DeadlineRun(1, 0), await ProcessAsync(host));

        Assert.Equal($"reminder:{task.Id}:1.00:00:00", Assert.Single(await Mails(host, task.Id, "reminder")).IdempotencyKey);
        Assert.Null((await host.QueryAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == task.Id))).NextReminderAt);
    }

    [Fact]
    public async Task ProcessAsync_NoEscalateTo_GoesToTheSecretariatRole_CountersignKeepsItsSigners()
    {
        await using var host = await HostAsync();
        var plain = await StartAsync(host, "deadline-default");
        var countersign = await StartAsync(host, "deadline-countersign");

        host.Clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal(new DeadlineRun(0, 2), await ProcessAsync(host));

        var offered = await host.QueryAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == plain.Id));
        Assert.Equal((null, "[]", "secretariat"), (offered.Assignee, offered.AssigneesJson, offered.CandidateRole));
        Assert.Equal("[\"role:secretariat\"]", Assert.Single(await Mails(host, plain.Id, "escalation")).ToJson);
        var signers = await host.QueryAsync(db => db.Signers().AsNoTracking().Where(s => s.TaskId == countersign.Id).Select(s => s.UserName).OrderBy(s => s).ToListAsync());
        Assert.Equal(["chengyuan1", "chengyuan2"], signers);
        Assert.Equal("[\"zuzhang\"]", Assert.Single(await Mails(host, countersign.Id, "escalation")).ToJson);
    }

    [Fact]
    public async Task ProcessAsync_TwoCallersAtOnce_EachTaskIsEscalatedAndMailedExactlyOnce()
    {
        await using var host = await HostAsync();
        var tasks = new List<TaskRecord>();
        for (var i = 0; i < 12; i++) tasks.Add(await StartAsync(host));
        host.Clock.Advance(TimeSpan.FromDays(5.5));

        var runs = await Task.WhenAll(Task.Run(() => ProcessAsync(host)), Task.Run(() => ProcessAsync(host)));

        Assert.Equal(12, runs.Sum(r => r.Escalations));
        Assert.Equal(12, await host.QueryAsync(db => db.Outbox.CountAsync(o => o.Template == "escalation")));
        Assert.Equal(12, await host.QueryAsync(db => db.Audit().CountAsync(a => a.Action == AuditActions.Escalate)));
        Assert.All(await host.QueryAsync(db => db.Tasks.AsNoTracking().Where(t => t.Status == TaskStatuses.Open).ToListAsync()), t => Assert.NotNull(t.EscalatedAt));
    }

    [Fact]
    public async Task NewTask_RemindersAlreadyPastAtCreationAreSkipped_WarnAtIsSet()
    {
        await using var host = await HostAsync();
        await host.PublishAsync(Def("short", [Act("start", "Elsa.Start"), Act("t", Engine.Activities.Builtin.HumanTaskActivity.TypeName,
            ("title", Lit("两天期限")), ("assignee", Lit("chengyuan1")), ("dueIn", Lit("2.00:00:00", "TimeSpan")))], [Conn("start", "t")]));

        var task = await StartAsync(host, "short");

        // 3 days before a 2-day deadline is in the past; the 1-day reminder remains.
        Assert.Equal((task.DueAt - TimeSpan.FromDays(1))!.Value, task.NextReminderAt);
        Assert.Equal(task.DueAt - TimeSpan.FromHours(9.6), task.WarnAt);
    }
}
