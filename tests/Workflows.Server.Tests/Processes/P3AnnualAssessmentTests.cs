using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Association.Domain;
using Workflows.Runtime.Scheduling;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Processes;

/// <summary>P3 end to end: self-assessment, review, party committee and leadership confirmation, and each outcome.</summary>
public sealed class P3AnnualAssessmentTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private readonly ProcessDriver _p = new(app);

    private const string Cardiology = "769234c5-949b-5e7c-a024-de67e2094594";     // chair 张宏伟 = zhuwei1; fee reduction 2 points
    private const string Neurology = "4b896dd4-85e2-540b-84b8-8f07166ed7e3";      // chair without a login
    private const string Respiratory = "fa86bc11-8383-575b-bbef-05829d0e02e7";    // chair 何文斌 = zhuanjia1
    private const string RanXiuying = "a72f61a2-e9a7-5f88-8e97-6a3c0fd166cb";
    private const string Pharmacy = "药学分会";

    private async Task<string> ReviewedAsync(string branchId, string selfUser, object self, object review)
    {
        var id = await _p.StartAsync("mishu1", "p3-annual-assessment", new { BranchId = branchId, Year = 2025 });
        await _p.ActAsync(id, "selfAssess", selfUser, "Submit", self);
        await _p.ActAsync(id, "review", "mishu2", "Submit", review);
        await _p.ActAsync(id, "partyConfirm", "dangwei1", "Confirm");
        return id;
    }

    private Task<Assessment> AssessmentAsync(string id) =>
        _p.QueryAsync(db => db.Set<Assessment>().SingleAsync(a => a.WorkflowInstanceId == id));

    [Fact]
    public async Task Assessment_AllPartsFullyCompleted_ExcellentPriorityCultivationAndFeeDropsTwoPoints()
    {
        var id = await _p.StartAsync("mishu1", "p3-annual-assessment", new { BranchId = Cardiology, Year = 2025 });
        var self = await _p.TaskAsync(id, "selfAssess");
        Assert.Equal("zhuwei1", self.Assignee);
        Assert.Equal("role:secretariat", self.EscalateTo);
        Assert.Contains("3.00:00:00", self.RemindBeforeJson, StringComparison.Ordinal);
        Assert.InRange((self.DueAt!.Value - self.CreatedAt).TotalDays, 29.9, 30.1);

        // A score off the scale is refused and asked for again.
        await _p.ActAsync(id, "selfAssess", "zhuwei1", "Submit", new { target = 120, ideology = 95, integrity = 93, evidence = "年度总结" });
        Assert.Contains("0–100", (await _p.TaskAsync(id, "selfAssess")).Description, StringComparison.Ordinal);
        await _p.ActAsync(id, "selfAssess", "zhuwei1", "Submit", new { target = 96, ideology = 95, integrity = 93, evidence = "年度工作总结、学术活动记录、党建台账" });
        await _p.ActAsync(id, "review", "mishu2", "Submit", new { target = 95, ideology = 94, integrity = 92, comment = "三项均全面完成" });
        await _p.ActAsync(id, "partyConfirm", "dangwei2", "Confirm");
        await _p.ActAsync(id, "leaderConfirm", "zuzhang", "Excellent");
        await _p.FinishedAsync(id);

        var assessment = await AssessmentAsync(id);
        Assert.Equal(AssessmentGrade.Excellent, assessment.Grade);
        Assert.Equal(AssessmentStatus.Closed, assessment.Status);
        Assert.Equal(96m, assessment.SelfScoreTarget);
        Assert.Equal(92m, assessment.ReviewScoreIntegrity);
        var (fee, kinds) = await _p.QueryAsync(async db => (
            (await db.Set<Branch>().SingleAsync(b => b.Id == Cardiology)).SponsorFeeReductionPoints,
            await db.Set<BranchRecord>().Where(r => r.BranchId == Cardiology && r.Year == 2025).Select(r => r.Kind).ToListAsync()));
        Assert.Equal(4m, fee); // 2 + 2, under the cap of 5 (001 §21)
        Assert.Contains(BranchRecordKind.PriorityCultivation, kinds);
        Assert.Contains(BranchRecordKind.SponsorFeeReduction, kinds);
        Assert.Contains(BranchRecordKind.AssessmentResult, kinds);

        var mails = await _p.MailsAsync(id);
        Assert.Contains(mails, m => m.To.Contains("zhuwei1") && m.Subject!.Contains("年度考核", StringComparison.Ordinal));
        var published = Assert.Single(mails, m => m.Template == "resultPublished");
        Assert.Equal("优秀", published.Model!["outcome"]!.GetValue<string>());
        Assert.Contains("4 个百分点", published.Model["comment"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assessment_PartNotFullyCompleted_PassRecordedAndExcellentRefused()
    {
        // The chair has no login: the secretariat enters the self-assessment on the branch's behalf.
        var id = await ReviewedAsync(Neurology, "mishu1",
            new { target = 92, ideology = 88, integrity = 91, evidence = "年度工作总结" },
            new { target = 93, ideology = 85, integrity = 90 });

        // The group may not confirm a better grade than the scores support.
        await _p.ActAsync(id, "leaderConfirm", "fuzuzhang", "Excellent");
        Assert.Contains("高于评分对应的", (await _p.TaskAsync(id, "leaderConfirm")).Description, StringComparison.Ordinal);
        await _p.ActAsync(id, "leaderConfirm", "fuzuzhang", "Qualified");
        await _p.FinishedAsync(id);

        var assessment = await AssessmentAsync(id);
        Assert.Equal(AssessmentGrade.Pass, assessment.Grade);
        Assert.Equal(AssessmentStatus.Closed, assessment.Status);
        Assert.Equal(BranchStatus.Active, (await _p.QueryAsync(db => db.Set<Branch>().SingleAsync(b => b.Id == Neurology))).Status);
        var published = Assert.Single(await _p.MailsAsync(id), m => m.Template == "resultPublished");
        Assert.Equal("合格", published.Model!["outcome"]!.GetValue<string>());
        Assert.Contains("role:branchChair", published.To);
    }

    [Fact]
    public async Task Assessment_FailThenRecheckFails_RectificationThenChairReplaced()
    {
        var id = await ReviewedAsync(Respiratory, "zhuanjia1",
            new { target = 72, ideology = 58, integrity = 80, evidence = "年度工作总结" },
            new { target = 70, ideology = 55, integrity = 80, comment = "意识形态责任制未落实" });
        await _p.ActAsync(id, "leaderConfirm", "zuzhang", "Unqualified");

        var assessment = await AssessmentAsync(id);
        Assert.Equal(AssessmentGrade.Fail, assessment.Grade);
        Assert.Equal(AssessmentStatus.Rectifying, assessment.Status);
        Assert.NotNull(assessment.RectificationDeadline);
        Assert.Equal(BranchStatus.UnderRectification, (await _p.QueryAsync(db => db.Set<Branch>().SingleAsync(b => b.Id == Respiratory))).Status);
        var report = await _p.TaskAsync(id, "rectifyReport");
        Assert.Equal("zhuanjia1", report.Assignee);
        Assert.Equal(assessment.RectificationDeadline!.Value, DateOnly.FromDateTime(report.DueAt!.Value.AddHours(8)));

        await _p.CompleteAsync(report.Id, "zhuanjia1", "Submit", new { report = "已召开专题会议，制定整改方案" });
        await _p.ActAsync(id, "recheck", "mishu1", "Fail", comment: "整改措施未落实到位");
        await _p.ActAsync(id, "adjust", "zuzhang", "Submit", new { decision = "更换主任委员", newChairPersonId = RanXiuying, reason = "主任委员能上能下，另行选任" });
        await _p.FinishedAsync(id);

        assessment = await AssessmentAsync(id);
        Assert.False(assessment.RecheckPassed);
        Assert.Equal(AdjustmentDecision.ReplaceChair, assessment.AdjustmentDecision);
        Assert.Equal(AssessmentStatus.Closed, assessment.Status);
        var (branch, chairs, kinds) = await _p.QueryAsync(async db => (
            await db.Set<Branch>().SingleAsync(b => b.Id == Respiratory),
            await db.Set<BranchOfficeHolder>().Where(h => h.BranchId == Respiratory && h.Position == OfficePosition.Chair).ToListAsync(),
            await db.Set<BranchRecord>().Where(r => r.BranchId == Respiratory).Select(r => r.Kind).ToListAsync()));
        Assert.Equal(BranchStatus.Active, branch.Status);
        Assert.Equal(RanXiuying, Assert.Single(chairs, c => c.TermEnd is null).PersonId);
        Assert.Contains(chairs, c => c.TermEnd is not null);
        Assert.Contains(BranchRecordKind.Rectification, kinds);
        Assert.Contains(BranchRecordKind.Recheck, kinds);
        Assert.Contains(BranchRecordKind.Adjustment, kinds);
        var mails = await _p.MailsAsync(id);
        Assert.Contains(mails, m => m.Template == "decision" && m.Model!["outcome"]!.GetValue<string>() == "不合格，限期整改" && m.To.Contains("zhuanjia1"));
        Assert.Contains(mails, m => m.Template == "decision" && m.Model!["outcome"]!.GetValue<string>() == "动态调整");
    }

    [Fact]
    public async Task ActiveBranchesRunItems_EveryActiveBranchWithLastYear()
    {
        await app.ClientAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var provider = scope.ServiceProvider.GetServices<IRunItemsProvider>().Single(p => p.Name == "activeBranches");

        var items = await provider.GetItemsAsync(scope.ServiceProvider, CancellationToken.None);

        var active = await _p.QueryAsync(db => db.Set<Branch>().Where(b => b.Status == BranchStatus.Active).Select(b => b.Id).ToListAsync());
        Assert.Equal(active.Order(StringComparer.Ordinal), items.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(items, i => i.Label == Pharmacy); // under rectification
        var cardiology = Assert.Single(items, i => i.Id == Cardiology);
        Assert.Equal(Cardiology, cardiology.Input["BranchId"]!.GetValue<string>());
        Assert.Equal(TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year - 1, cardiology.Input["Year"]!.GetValue<int>());
        Assert.IsType<JsonObject>(cardiology.Input);
    }
}
