using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Association.Rules;
using Workflows.Runtime.Persistence;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Processes;

/// <summary>P5 end to end with a clock the test moves: return for material, an audited panel draw, scoring, decisions.</summary>
public sealed class P5QualityReviewTests(ClockedWorkflowsApp app) : IClassFixture<ClockedWorkflowsApp>
{
    private readonly ProcessDriver _p = new(app);

    /// <summary>重庆渝北安康医院: zhuanjia1 (何文斌) and zhuanjia4 (向玉兰) work there, so they may not review it.</summary>
    private const string Ankang = "b7988dfc-5629-5ccc-a5c2-d1bf55fb7f8f";

    private static readonly string[] Users = ["mishu1", "mishu2", "zuzhang", "fuzuzhang", "zhuanjia1", "zhuanjia2", "zhuanjia3", "zhuanjia4"];

    /// <summary>Up to the committee's decision: returned once for material, accepted, panel drawn, scheduled and scored.</summary>
    private async Task<string> ScoredAsync()
    {
        await _p.SignInAsync(Users);
        var id = await _p.StartAsync("mishu1", "p5-quality-review", new { Application = new { institutionId = Ankang, kind = "quality", description = "申报 2026 年度医疗质量评审评价" } });
        await _p.ActAsync(id, "accept", "mishu2", "Return", comment: "缺少近三年医疗质量控制报告");
        await _p.ActAsync(id, "supplement", "mishu1", "Resubmit", new { material = "已补充 2023–2025 年医疗质量控制报告" });
        await _p.ActAsync(id, "accept", "mishu2", "Accept");
        await _p.ActAsync(id, "schedule", "mishu2", "Submit", new { onSiteAt = app.ManualClock.GetUtcNow().AddDays(5).ToString("O", CultureInfo.InvariantCulture) });

        // Each drawn expert scores; one without a login is entered by the review center's office.
        var scoring = await _p.QueryAsync(db => db.Tasks.AsNoTracking().Where(t => t.InstanceId == id && t.ActivityId == "scoreTask" && t.Status == TaskStatuses.Open).ToListAsync());
        Assert.Equal(3, scoring.Count);
        var score = 17;
        foreach (var task in scoring)
        {
            Assert.DoesNotContain(task.Assignee, new[] { "zhuanjia1", "zhuanjia4" });
            await _p.CompleteAsync(task.Id, task.Assignee ?? "mishu1", "Submit", new { c1 = score, c2 = 18, c3 = 14, c4 = 16, c5 = 18, comment = "院感防控薄弱" });
            score++;
        }

        return id;
    }

    [Fact]
    public async Task QualityReview_ConflictedExpertsExcludedAndRectificationDeadlineMissed_Escalated()
    {
        var id = await ScoredAsync();
        var applicationId = "qr-" + id;

        // The draw is recorded with its seed and pool, excludes the applicant's own experts, and can be replayed.
        var (draw, panel, conflicted) = await _p.QueryAsync(async db =>
        {
            var d = await db.Set<PanelDraw>().SingleAsync(x => x.QualityReviewApplicationId == applicationId);
            var members = await db.Set<PanelMember>().Where(m => m.ReviewPanelId == d.ReviewPanelId).ToListAsync();
            var memberIds = members.Select(m => m.ExpertId).ToList();
            var units = await (from e in db.Set<Expert>() join p in db.Set<Person>() on e.PersonId equals p.Id where memberIds.Contains(e.Id) select p.MemberUnitId).ToListAsync();
            var ankangExperts = await (from e in db.Set<Expert>() join p in db.Set<Person>() on e.PersonId equals p.Id where p.MemberUnitId == Ankang && e.Status == ExpertStatus.Active select e.Id).ToListAsync();
            return (d, (Members: members, Units: units), ankangExperts);
        });
        Assert.Equal(ExpertPanelDraw.SeedFor(id, applicationId, 1), draw.Seed);
        Assert.Equal(3, panel.Members.Count);
        Assert.Single(panel.Members, m => m.IsLeader);
        Assert.DoesNotContain(Ankang, panel.Units);
        Assert.NotEmpty(conflicted);
        var pool = JsonSerializer.Deserialize<List<string>>(draw.PoolJson)!;
        var drawn = JsonSerializer.Deserialize<List<string>>(draw.DrawnJson)!;
        Assert.Equal(drawn, ExpertPanelDraw.Shuffle(pool, draw.Seed, 3));
        Assert.All(conflicted, expertId =>
        {
            Assert.DoesNotContain(expertId, pool);
            Assert.Contains(expertId, draw.ExcludedJson, StringComparison.Ordinal);
        });
        Assert.Contains("利益冲突", draw.ExcludedJson, StringComparison.Ordinal);
        Assert.Equal(15, await _p.QueryAsync(db => db.Set<ExpertScore>().CountAsync(s => s.ReviewPanelId == draw.ReviewPanelId)));

        await _p.ActAsync(id, "decide", "zuzhang", "Rectify", new { result = "限期整改" }, "院感防控存在隐患，须整改");
        var application = await _p.QueryAsync(db => db.Set<QualityReviewApplication>().SingleAsync(a => a.Id == applicationId));
        Assert.Equal(QualityReviewStatus.Rectifying, application.Status);
        Assert.Contains("【补充材料", application.Description, StringComparison.Ordinal);
        var report = await _p.TaskAsync(id, "rectifyReport");
        Assert.Equal("mishu1", report.Assignee);

        // Nobody files the report; the deadline passes.
        await _p.AdvanceAsync(TimeSpan.FromDays(31));
        await _p.FinishedAsync(id);

        application = await _p.QueryAsync(db => db.Set<QualityReviewApplication>().SingleAsync(a => a.Id == applicationId));
        Assert.Equal(QualityReviewStatus.Escalated, application.Status);
        Assert.False(application.Passed);
        Assert.NotNull(application.ArchivedAtUtc);
        Assert.True(application.PublishedOnWebsite);
        Assert.Equal("escalated", (await _p.OutputAsync(id))["Result"]!.GetValue<string>());
        Assert.Equal(TaskStatuses.Cancelled, (await _p.QueryAsync(db => db.Tasks.SingleAsync(t => t.Id == report.Id))).Status);
        var mails = await _p.MailsAsync(id);
        Assert.Contains(mails, m => m.Template == "applicationReturned" && m.Model!["comment"]!.GetValue<string>() == "缺少近三年医疗质量控制报告");
        Assert.Contains(mails, m => m.Template == "decision" && m.Model!["outcome"]!.GetValue<string>() == "限期整改");
        var escalation = Assert.Single(mails, m => m.Template == "decision" && m.Model!["outcome"]!.GetValue<string>() == "逾期未整改，已上报");
        Assert.Contains("role:leadershipGroupLeader", escalation.To);
        Assert.Contains(mails, m => m.Template == "resultPublished" && m.To.Contains("mishu1"));
    }

    [Fact]
    public async Task QualityReview_RectifiedInTime_ReReviewedAndPassed()
    {
        var id = await ScoredAsync();
        await _p.ActAsync(id, "decide", "zuzhang", "Rectify", comment: "护理文书不规范");
        await _p.AdvanceAsync(TimeSpan.FromDays(10));
        await _p.ActAsync(id, "rectifyReport", "mishu1", "Submit", new { report = "已完成护理文书专项整改" });
        await _p.ActAsync(id, "reReview", "fuzuzhang", "Pass", new { result = "甲等" });
        await _p.FinishedAsync(id);

        var application = await _p.QueryAsync(db => db.Set<QualityReviewApplication>().SingleAsync(a => a.WorkflowInstanceId == id));
        Assert.True(application.Passed);
        Assert.Equal("甲等", application.Result);
        Assert.Equal(QualityReviewStatus.Archived, application.Status);
        Assert.Empty(await _p.QueryAsync(db => db.Bookmarks.Where(b => b.InstanceId == id).ToListAsync())); // the deadline timer went with the join
        var published = Assert.Single(await _p.MailsAsync(id), m => m.Template == "resultPublished" && m.Model!["outcome"]!.GetValue<string>() == "甲等");
        Assert.Contains("mishu1", published.To);
    }
}
