using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Runtime.Persistence;
using Workflows.Server.Tests.Support;
using ActivityStatus = Workflows.Association.Domain.ActivityStatus;

namespace Workflows.Server.Tests.Processes;

/// <summary>P4 end to end with a clock the test moves: approval, return for changes, rejection and the violation check.</summary>
public sealed class P4ActivityApprovalTests(ClockedWorkflowsApp app) : IClassFixture<ClockedWorkflowsApp>
{
    private readonly ProcessDriver _p = new(app);

    internal const string Cardiology = "769234c5-949b-5e7c-a024-de67e2094594"; // chair 张宏伟 = zhuwei1

    internal static object Request(DateTimeOffset now, string title, string type = "meeting", decimal budget = 50_000m, string? sponsors = null) => new
    {
        branchId = Cardiology,
        type,
        title,
        startsAt = now.AddDays(10).ToString("O", CultureInfo.InvariantCulture),
        endsAt = now.AddDays(11).ToString("O", CultureInfo.InvariantCulture),
        venue = "重庆国际会议展览中心",
        budget,
        involvesFunds = true,
        sponsors,
        agenda = "开幕式、专题报告、病例讨论",
    };

    private Task<ActivityApplication> ApplicationAsync(string id) =>
        _p.QueryAsync(db => db.Set<ActivityApplication>().SingleAsync(a => a.WorkflowInstanceId == id));

    [Fact]
    public async Task Activity_Approved_ReminderBeforeAndReportsAfterTheEvent()
    {
        await _p.SignInAsync("zhuwei1", "mishu1", "zuzhang");
        var id = await _p.StartAsync("zhuwei1", "p4-activity-approval", new { Application = Request(app.ManualClock.GetUtcNow(), "2027年心血管学术年会") });
        await _p.ActAsync(id, "completeness", "mishu1", "Accept");
        var approval = await _p.TaskAsync(id, "approveOne");
        Assert.Equal("leadershipGroupLeader", approval.CandidateRole); // the leader signs (or the deputy when delegated)
        Assert.Null(approval.CountersignJson); // a meeting needs one leader's signature
        await _p.CompleteAsync(approval.Id, "zuzhang", "Approve", comment: "同意，注意控制规模");
        Assert.Equal(ActivityStatus.Approved, (await ApplicationAsync(id)).Status);

        // Seven days on, three days before the start, the branch is reminded; after the end it files its reports.
        await _p.AdvanceAsync(TimeSpan.FromDays(7.1));
        await _p.WaitUntilAsync(async db => await db.Outbox.AnyAsync(m => m.InstanceId == id && m.Subject!.Contains("活动提醒")), "the reminder mail", id);
        await _p.AdvanceAsync(TimeSpan.FromDays(4));
        var reports = await _p.TaskAsync(id, "reports");
        Assert.Equal("zhuwei1", reports.Assignee);
        Assert.Equal("role:secretariat", reports.EscalateTo);
        await _p.CompleteAsync(reports.Id, "zhuwei1", "Submit", new { summary = "参会 600 人，专题报告 24 场", settlement = "收入 0 元，支出 48,200 元，结余退回协会账户" });
        await _p.FinishedAsync(id);

        var application = await ApplicationAsync(id);
        Assert.Equal(ActivityStatus.Completed, application.Status);
        Assert.NotNull(application.SummaryFiledAtUtc);
        Assert.NotNull(application.SettlementFiledAtUtc);
        Assert.Equal("zhuwei1", application.ApplicantUserName);
        Assert.True(await _p.QueryAsync(db => db.Set<BranchRecord>().AnyAsync(r => r.BranchId == Cardiology && r.Kind == BranchRecordKind.ActivityReport && r.WorkflowInstanceId == id)));
        var mails = await _p.MailsAsync(id);
        Assert.Contains(mails, m => m.Template == "decision" && m.Model!["outcome"]!.GetValue<string>() == "同意" && m.To.Contains("zhuwei1"));
        Assert.Contains(mails, m => m.Subject is not null && m.Subject.Contains("活动提醒", StringComparison.Ordinal) && m.To.Contains("zhuwei1"));
    }

    [Fact]
    public async Task Activity_ReturnedForChanges_ResubmittedThenApproved()
    {
        await _p.SignInAsync("zhuwei1", "mishu1", "zuzhang");
        var id = await _p.StartAsync("zhuwei1", "p4-activity-approval", new { Application = Request(app.ManualClock.GetUtcNow(), "心血管介入技术培训班") });
        await _p.ActAsync(id, "completeness", "mishu1", "Accept");
        await _p.ActAsync(id, "approveOne", "zuzhang", "Return", comment: "预算须细化到场地、专家劳务");
        Assert.Equal(ActivityStatus.Returned, (await ApplicationAsync(id)).Status);
        var revise = await _p.TaskAsync(id, "revise");
        Assert.Equal("zhuwei1", revise.Assignee);
        Assert.Contains("预算须细化", revise.Description, StringComparison.Ordinal);

        await _p.CompleteAsync(revise.Id, "zhuwei1", "Resubmit", new { budget = 48_000, agenda = "场地 20,000 元；专家劳务 28,000 元" });
        await _p.ActAsync(id, "completeness", "mishu1", "Accept");
        await _p.ActAsync(id, "approveOne", "zuzhang", "Approve");

        var application = await ApplicationAsync(id);
        Assert.Equal(ActivityStatus.Approved, application.Status);
        Assert.Equal(48_000m, application.Budget);
        Assert.Equal("场地 20,000 元；专家劳务 28,000 元", application.Agenda);
        Assert.Equal("心血管介入技术培训班", application.Title); // unchanged fields stay
        var mails = await _p.MailsAsync(id);
        // One mail per event per person (issue 14): the return is one mail to the branch (not the step's result, the
        // process's notice and the resubmit task as three), linking to the resubmit task it acts on; the approval is
        // one mail, linking to the application.
        // Events for the branch: 受理, the return, 受理 again, the approval.
        var toBranch = mails.Where(m => m.To.Contains("zhuwei1")).ToList();
        Assert.Equal(["decision", "applicationReturned", "decision", "decision"], toBranch.Select(m => m.Template ?? "").ToArray());
        Assert.Equal(["Accept", "-", "Accept", "-"], toBranch.Select(m => m.Model!["outcomeKey"]?.GetValue<string>() ?? "-").ToArray());
        var returned = toBranch[1];
        Assert.Equal("预算须细化到场地、专家劳务", returned.Model!["comment"]!.GetValue<string>());
        Assert.Equal($"/inbox/tasks/{revise.Id}", returned.Model["link"]!.GetValue<string>());
        Assert.Equal("同意", toBranch[3].Model!["outcome"]!.GetValue<string>());
        Assert.Equal($"/processes/instances/{id}", toBranch[3].Model!["link"]!.GetValue<string>());
    }

    [Fact]
    public async Task Activity_Rejected_BranchToldWhyAndHoldingItAnywayIsRecordedAgainstTheHeads()
    {
        await _p.SignInAsync("zhuwei1", "mishu1", "mishu2", "zuzhang");
        var id = await _p.StartAsync("zhuwei1", "p4-activity-approval", new { Application = Request(app.ManualClock.GetUtcNow(), "心血管疾病义诊周") });
        await _p.ActAsync(id, "completeness", "mishu1", "Accept");
        await _p.ActAsync(id, "approveOne", "zuzhang", "Reject", comment: "与协会年会时间冲突");

        var application = await ApplicationAsync(id);
        Assert.Equal(ActivityStatus.Rejected, application.Status);
        Assert.Equal("与协会年会时间冲突", application.DecisionComment);
        var mails = await _p.MailsAsync(id);
        // One mail per event per person (issue 14): the process's decision with the reason replaces the inbox's
        // step-result mail, and it links to the application's page, not to the approver's task.
        // The branch hears of two events: the secretariat's 受理, and the rejection.
        var toBranch = mails.Where(m => m.To.Contains("zhuwei1")).ToList();
        Assert.Equal(["Accept", "-"], toBranch.Select(m => m.Model!["outcomeKey"]?.GetValue<string>() ?? "-").ToArray());
        var rejected = toBranch[1];
        Assert.Equal("decision", rejected.Template);
        Assert.Equal($"/processes/instances/{id}", rejected.Model!["link"]!.GetValue<string>());
        Assert.Equal("驳回", rejected.Model!["outcome"]!.GetValue<string>());
        Assert.StartsWith("与协会年会时间冲突", rejected.Model["comment"]!.GetValue<string>(), StringComparison.Ordinal);

        // After the planned end the secretariat checks whether it was held anyway.
        await _p.AdvanceAsync(TimeSpan.FromDays(12));
        await _p.ActAsync(id, "verify", "mishu2", "HeldWithoutApproval", comment: "经核查，分会仍于原定时间以分会名义举办");
        await _p.FinishedAsync(id);

        var violation = await _p.QueryAsync(db => db.Set<BranchRecord>().SingleAsync(r => r.WorkflowInstanceId == id && r.Kind == BranchRecordKind.Violation));
        Assert.Equal(Cardiology, violation.BranchId);
        Assert.Contains("张宏伟（主任委员）", violation.Summary, StringComparison.Ordinal);
        Assert.Contains("未经批准擅自举办", violation.Summary, StringComparison.Ordinal);
        Assert.Contains(await _p.MailsAsync(id), m => m.Template == "decision" && m.Model!["outcome"]!.GetValue<string>() == "违规记录" && m.To.Contains("role:leadershipGroupLeader"));
    }

    [Fact]
    public async Task Activity_StartInThePast_ReturnedByTheAutomaticCheck()
    {
        await _p.SignInAsync("zhuwei1");
        var now = app.ManualClock.GetUtcNow();
        var id = await _p.StartAsync("zhuwei1", "p4-activity-approval", new
        {
            Application = new { branchId = Cardiology, type = "cooperation", title = "与某医学院合作", startsAt = now.AddDays(-1).ToString("O", CultureInfo.InvariantCulture), endsAt = now.ToString("O", CultureInfo.InvariantCulture) },
        });

        var revise = await _p.TaskAsync(id, "revise");
        Assert.Contains("须事前审批", revise.Description, StringComparison.Ordinal);
        Assert.Equal(ActivityStatus.Returned, (await ApplicationAsync(id)).Status);
        Assert.Empty(await _p.QueryAsync(db => db.Tasks.Where(t => t.InstanceId == id && t.ActivityId == "completeness").ToListAsync()));
    }
}

/// <summary>
/// Sponsorship and centralised procurement need every leadership-group member's signature (P4 step 3): one task
/// with Countersign {mode: "all"} for the role; the inbox resumes the workflow once, when the last member signed.
/// </summary>
public sealed class P4CountersignTests(ClockedWorkflowsApp app) : IClassFixture<ClockedWorkflowsApp>
{
    private readonly ProcessDriver _p = new(app);

    [Fact]
    public async Task Sponsorship_NeedsEveryGroupMembersSignature()
    {
        string[] members = ["zuzhang", "fuzuzhang", "chengyuan1", "chengyuan2", "chengyuan3"];
        await _p.SignInAsync(["zhuwei1", "mishu1", .. members]);
        var id = await _p.StartAsync("zhuwei1", "p4-activity-approval", new
        {
            Application = P4ActivityApprovalTests.Request(app.ManualClock.GetUtcNow(), "2027年年会招商招展", "sponsorship", 200_000m, "某医疗器械公司、某医药公司"),
        });
        await _p.ActAsync(id, "completeness", "mishu1", "Accept");
        var task = await _p.TaskAsync(id, "approveAll");
        Assert.Equal("leadershipGroupMember", task.CandidateRole);
        Assert.Contains("\"all\"", task.CountersignJson, StringComparison.Ordinal);

        foreach (var member in members[..^1])
        {
            await _p.CompleteAsync(task.Id, member, "Approve", comment: "同意");
            var application = await _p.QueryAsync(db => db.Set<ActivityApplication>().SingleAsync(a => a.WorkflowInstanceId == id));
            Assert.Equal(ActivityStatus.Submitted, application.Status); // still waiting for the others
        }

        await _p.CompleteAsync(task.Id, members[^1], "Approve", comment: "同意");
        await _p.WaitUntilAsync(async db => await db.Set<ActivityApplication>().AnyAsync(a => a.WorkflowInstanceId == id && a.Status == ActivityStatus.Approved), "approval after the last signature", id);
        Assert.Equal(1, await _p.QueryAsync(db => db.Tasks.CountAsync(t => t.InstanceId == id && t.ActivityId == "approveAll" && t.Status == TaskStatuses.Completed)));
    }
}
