using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Processes;

/// <summary>The smaller processes of processes.md end to end: pledge, expert intake, the 6-point warning, the 15 December report.</summary>
public sealed class SmallProcessesTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private readonly ProcessDriver _p = new(app);

    [Fact]
    public async Task IntegrityPledge_Signed_ListedPubliclyAndNotTwice()
    {
        const string Clinic = "64637590-e2f5-53da-898a-87b0e31afcd3"; // huiyuan1's clinic
        var alreadySigned = await _p.QueryAsync(db => db.Set<IntegrityPledge>().AnyAsync(p => p.MemberUnitId == Clinic && p.RevokedOn == null));
        var first = await _p.StartAsync("huiyuan1", "integrity-pledge", new { MemberUnitId = Clinic, SignatoryName = "吴德明" });
        var second = await _p.StartAsync("huiyuan1", "integrity-pledge", new { MemberUnitId = Clinic, SignatoryName = "吴德明" });
        await _p.FinishedAsync(first);
        await _p.FinishedAsync(second);

        var pledges = await _p.QueryAsync(db => db.Set<IntegrityPledge>().Where(p => p.MemberUnitId == Clinic && p.RevokedOn == null).ToListAsync());
        Assert.Single(pledges);
        Assert.True(pledges[0].PublishedOnWebsite);
        Assert.Equal(alreadySigned ? 0 : 1, (await _p.MailsAsync(first)).Count(m => m.Template == "resultPublished"));
        Assert.DoesNotContain(await _p.MailsAsync(second), m => m.Template == "resultPublished");
    }

    [Fact]
    public async Task ExpertIntake_QualifiedNominee_AdmittedAfterReview_UnqualifiedReturned()
    {
        // A chief physician of the register who is not in the pool yet; 秦雪梅 is an attending physician (below associate senior).
        var year = TimeProvider.System.GetUtcNow().Year;
        var personId = await _p.QueryAsync(async db =>
        {
            var pooled = await db.Set<Expert>().Select(e => e.PersonId).ToListAsync();
            return await db.Set<Person>().Where(p => p.Title == ProfessionalTitle.Senior && p.TitleYear <= year - 5 && !pooled.Contains(p.Id)).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        });
        var qualified = await _p.StartAsync("mishu1", "expert-pool-intake", new { PersonId = personId, Specialty = "心血管内科", NominatedByBranchId = "769234c5-949b-5e7c-a024-de67e2094594", Source = "branch" });
        var before = await _p.QueryAsync(db => db.Set<Expert>().SingleAsync(e => e.PersonId == personId));
        Assert.Equal("ex-" + qualified, before.Id);
        Assert.Equal(ExpertStatus.Nominated, before.Status);
        await _p.ActAsync(qualified, "review", "mishu2", "Approve");
        await _p.FinishedAsync(qualified);
        var admitted = await _p.QueryAsync(db => db.Set<Expert>().SingleAsync(e => e.Id == "ex-" + qualified));
        Assert.Equal(ExpertStatus.Active, admitted.Status);
        Assert.NotNull(admitted.AdmittedOn);
        Assert.Equal(ExpertNominationSource.Branch, admitted.NominationSource);

        var unqualified = await _p.StartAsync("mishu1", "expert-pool-intake", new { PersonId = "467c5f8f-b150-56a5-9d63-0c94bcada0e5", Specialty = "全科医学" });
        await _p.FinishedAsync(unqualified);
        Assert.False(await _p.QueryAsync(db => db.Set<Expert>().AnyAsync(e => e.Id == "ex-" + unqualified)));
        var returned = Assert.Single(await _p.MailsAsync(unqualified), m => m.Template == "applicationReturned");
        Assert.Contains("副高级职称", returned.Model!["comment"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadPractice_PointsReachSix_WarningIssued_BelowSixJustRecorded()
    {
        var unit = await _p.QueryAsync(async db =>
        {
            var withPoints = await db.Set<BadPracticeRecord>().Select(r => r.MemberUnitId).Distinct().ToListAsync();
            return await db.Set<MemberUnit>().Where(u => !withPoints.Contains(u.Id)).OrderBy(u => u.Id).Select(u => u.Id).FirstAsync();
        });

        var low = await _p.StartAsync("mishu1", "bad-practice-warning", new { MemberUnitId = unit, Points = 5, Description = "病历书写不规范" });
        await _p.FinishedAsync(low);
        Assert.DoesNotContain(await _p.MailsAsync(low), m => m.Template == "decision");

        var high = await _p.StartAsync("mishu1", "bad-practice-warning", new { MemberUnitId = unit, Points = 1, Description = "超范围执业" });
        var warn = await _p.TaskAsync(high, "warn");
        Assert.Contains("累计 6 分", warn.Title, StringComparison.Ordinal);
        var mail = Assert.Single(await _p.MailsAsync(high), m => m.Template == "decision");
        Assert.Contains("6 分警示线", mail.Model!["outcome"]!.GetValue<string>(), StringComparison.Ordinal);
        await _p.CompleteAsync(warn.Id, "mishu2", "Done", new { measure = "书面警示并约谈负责人" });
        await _p.FinishedAsync(high);
    }

    [Fact]
    public async Task AnnualReport_Started_DueFifteenthDecemberWithRemindersAndEscalation()
    {
        // As the yearly run starts it: through its Cron trigger, which then completes at once (Elsa's IsTriggerOfWorkflow).
        var id = await _p.StartAsync("mishu1", "annual-report-deadline", new { Year = 2026 }, triggerActivityId: "cron");

        var task = await _p.TaskAsync(id, "collect");
        var due = new DateTimeOffset(DateTime.SpecifyKind(task.DueAt!.Value, DateTimeKind.Utc)).ToOffset(TimeSpan.FromHours(8));
        Assert.Equal("2026-12-15 23:59", due.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        Assert.Equal("role:leadershipGroupLeader", task.EscalateTo);
        Assert.Contains("7.00:00:00", task.RemindBeforeJson, StringComparison.Ordinal);
        Assert.Contains(await _p.MailsAsync(id), m => m.To.Contains("role:memberUnit") && m.Subject!.Contains("2026年12月15日", StringComparison.Ordinal));
    }
}

/// <summary>The review center's leader unit serves three years (002 §3.4): a reminder before the end and the next term.</summary>
public sealed class LeaderUnitTermTests(ClockedWorkflowsApp app) : IClassFixture<ClockedWorkflowsApp>
{
    private readonly ProcessDriver _p = new(app);

    [Fact]
    public async Task LeaderUnitTerm_NinetyDaysBeforeTheEnd_RemindedAndTheNextTermStarts()
    {
        var start = app.ManualClock.GetUtcNow().ToOffset(TimeSpan.FromHours(8));
        var id = await _p.StartAsync("mishu1", "p5-leader-unit-term", new { MemberUnitId = P1BranchFoundingTests.RenjiHospital, TermStart = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        var term = await _p.QueryAsync(db => db.Set<CenterLeaderTerm>().SingleAsync(t => t.WorkflowInstanceId == id));
        Assert.Equal(DateOnly.FromDateTime(start.DateTime).AddYears(3).AddDays(-1), term.TermEnd);
        Assert.Empty(await _p.OpenTasksAsync(id));

        // Nothing happens until 90 days before the end of the term.
        await _p.AdvanceAsync(TimeSpan.FromDays(3 * 365 - 120));
        Assert.Empty(await _p.OpenTasksAsync(id));
        await _p.AdvanceAsync(TimeSpan.FromDays(40));
        var select = await _p.TaskAsync(id, "select");
        Assert.Contains(await _p.MailsAsync(id), m => m.Subject is not null && m.Subject.Contains("换届提醒", StringComparison.Ordinal));

        var next = term.TermEnd.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await _p.CompleteAsync(select.Id, "mishu2", "Submit", new { memberUnitId = "a7b5565c-e3c8-566d-8594-6ee462e45f67", termStart = next });
        await _p.FinishedAsync(id);
        await _p.RunDueWorkAsync();
        await _p.WaitUntilAsync(async db => await db.Set<CenterLeaderTerm>().CountAsync() == 2, "the next term");
        var terms = await _p.QueryAsync(db => db.Set<CenterLeaderTerm>().OrderBy(t => t.TermStart).ToListAsync());
        Assert.Equal("a7b5565c-e3c8-566d-8594-6ee462e45f67", terms[1].MemberUnitId);
        Assert.Equal(term.TermEnd.AddDays(1), terms[1].TermStart);
    }
}
