using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Runtime.Persistence;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Processes;

/// <summary>P1 end to end through the HTTP API on a real SQLite file: the applicant starts, each body acts as its own users.</summary>
public sealed class P1BranchFoundingTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private readonly ProcessDriver _p = new(app);

    // Demo register (seeds/demo): a tertiary general hospital and two senior physicians. The applicant is huiyuan3,
    // a physician of that hospital (a member unit may propose only itself as the chair unit).
    internal const string RenjiHospital = "d31ef2cb-21d7-589f-ab91-5400bf5aa266";
    internal const string ZhangHongwei = "7221f0bf-1e78-5f2b-b710-da652b90ba7a";
    internal const string HeWenbin = "91bd263c-2224-56ba-9156-e2a837bbb2a6";

    internal static object Application(string name, string discipline) => new
    {
        kind = "academic",
        name,
        discipline,
        chairUnitId = RenjiHospital,
        chairPersonId = HeWenbin,
        fundingCommitment = true,
        evidence = "学科发展报告、会员单位意向书 36 份",
    };

    /// <summary>Start, completeness, automatic check, survey and the chair selection: the application is before the leadership group.</summary>
    private async Task<string> UpToLeadershipAsync(string name, string discipline)
    {
        var id = await _p.StartAsync("huiyuan3", "p1-branch-founding", new { Application = Application(name, discipline) });
        await _p.ActAsync(id, "completeness", "mishu1", "Accept", new { materialsComplete = true });
        await _p.ActAsync(id, "survey", "mishu2", "Done", new { report = "调研：全市 40 家会员单位设有该科室，条件成熟。" });
        await _p.ActAsync(id, "chairCall", "mishu1", "Submit", new { candidates = $"{ZhangHongwei}，88，92\n{HeWenbin}，80，84" });
        return id;
    }

    [Fact]
    public async Task Founding_AllBodiesAgree_BranchActivePublishedAndP2Started()
    {
        var id = await UpToLeadershipAsync("疼痛科分会", "疼痛科");
        await _p.ActAsync(id, "leadership", "zuzhang", "Approve", comment: "同意筹建");
        await _p.ActAsync(id, "party", "dangwei1", "Approve");
        // Every council member votes on their own task (issue 14); the third in favour, with four present, decides.
        var vote = await _p.TaskAsync(id, "vote");
        foreach (var (member, choice) in new[] { ("changwu5", "Abstain"), ("changwu4", "Against"), ("changwu1", "InFavour"), ("changwu2", "InFavour"), ("changwu3", "InFavour") })
            await _p.CompleteAsync(vote.Id, member, choice);
        await _p.ActAsync(id, "meeting", "mishu2", "Done", new { meetingAt = "2026-12-20T09:00", venue = "协会三楼会议室" });
        await _p.FinishedAsync(id);

        Assert.Equal("approved", (await _p.OutputAsync(id))["Result"]!.GetValue<string>());
        var (application, branch, holders, candidates, votes, records) = await _p.QueryAsync(async db =>
        {
            var a = await db.Set<FoundingApplication>().SingleAsync(x => x.WorkflowInstanceId == id);
            var b = await db.Set<Branch>().SingleAsync(x => x.Id == a.ResultingBranchId);
            return (a,
                b,
                await db.Set<BranchOfficeHolder>().Where(h => h.BranchId == b.Id).ToListAsync(),
                await db.Set<ChairCandidate>().Where(c => c.FoundingApplicationId == a.Id).OrderBy(c => c.Rank).ToListAsync(),
                await db.Set<FoundingVote>().Where(v => v.FoundingApplicationId == a.Id).ToListAsync(),
                await db.Set<BranchRecord>().Where(r => r.BranchId == b.Id).ToListAsync());
        });
        Assert.Equal(FoundingStatus.Approved, application.Status);
        Assert.Equal("huiyuan3", application.ApplicantUserName);
        Assert.Equal(5, application.CouncilMembersPresent);
        Assert.Equal(BranchStatus.Active, branch.Status);
        Assert.True(branch.PublishedOnWebsite);
        Assert.NotNull(branch.FoundedOn);
        Assert.Equal(RenjiHospital, branch.ChairUnitId);

        // The selection's winner (90 average) chairs, not the proposed chair (82).
        Assert.Equal([ZhangHongwei, HeWenbin], candidates.Select(c => c.PersonId));
        Assert.Equal([1, 2], candidates.Select(c => c.Rank));
        Assert.Equal(90m, candidates[0].Score);
        Assert.True(candidates[0].IsWinner);
        Assert.Equal(ZhangHongwei, Assert.Single(holders, h => h.Position == OfficePosition.Chair).PersonId);
        Assert.Equal(3, votes.Count(v => v.Choice == VoteChoice.InFavour));
        Assert.Contains(records, r => r.Kind == BranchRecordKind.Founded);
        Assert.Contains(records, r => r.Kind == BranchRecordKind.FoundingMeeting && r.Summary.Contains("协会三楼会议室", StringComparison.Ordinal));

        // P2 started at the same time, for the new branch, and waits for its nominations.
        var p2 = await _p.QueryAsync(db => db.Instances.AsNoTracking().SingleAsync(i => i.ParentInstanceId == id));
        Assert.Equal("p2-party-branch-setup", p2.DefinitionId);
        Assert.Equal(branch.Id, p2.CorrelationId);
        var nominate = await _p.TaskAsync(p2.Id, "nominate");
        Assert.Equal("secretariat", nominate.CandidateRole);
        Assert.Contains("疼痛科分会", nominate.Title, StringComparison.Ordinal);

        var mails = await _p.MailsAsync(id);
        var published = Assert.Single(mails, m => m.Template == "resultPublished" && m.Model!["outcome"]!.GetValue<string>().Contains("表决通过", StringComparison.Ordinal));
        Assert.Contains("huiyuan3", published.To);
        Assert.Contains(mails, m => m.Template == "resultPublished" && m.To.Contains("role:leadershipGroupMember"));
    }

    [Fact]
    public async Task Founding_LeadershipGroupRejects_EndsRejectedAndApplicantToldWhy()
    {
        var id = await UpToLeadershipAsync("睡眠医学分会", "睡眠医学");
        // One leader's signature: the task is the leader's; the deputy acts only once it is handed to him (转办).
        var review = await _p.TaskAsync(id, "leadership");
        Assert.Equal("leadershipGroupLeader", review.CandidateRole);
        var deputy = await _p.ClientAsync("fuzuzhang");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await deputy.PostAsJsonAsync($"/api/tasks/{review.Id}/complete", new { outcome = "Reject", comment = "x" })).StatusCode);
        var leader = await _p.ClientAsync("zuzhang");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await leader.PostAsJsonAsync($"/api/tasks/{review.Id}/transfer", new { to = "fuzuzhang", comment = "出差期间由副组长审核" })).StatusCode);
        await _p.CompleteAsync(review.Id, "fuzuzhang", "Reject", comment: "学科规模尚小，暂缓成立");
        await AssertRejectedAsync(id, "领导小组：学科规模尚小，暂缓成立");
    }

    [Fact]
    public async Task Founding_PartyCommitteeRejects_EndsRejectedAndApplicantToldWhy()
    {
        var id = await UpToLeadershipAsync("运动医学分会", "运动医学");
        await _p.ActAsync(id, "leadership", "zuzhang", "Approve");
        await _p.ActAsync(id, "party", "dangwei2", "Reject", comment: "党建工作方案不完善");
        await AssertRejectedAsync(id, "协会党委：党建工作方案不完善");
    }

    [Fact]
    public async Task Founding_CouncilVoteWithoutMajorityOfPresent_EndsRejected()
    {
        var id = await UpToLeadershipAsync("临床营养分会", "临床营养");
        await _p.ActAsync(id, "leadership", "zuzhang", "Approve");
        await _p.ActAsync(id, "party", "dangwei1", "Approve");
        var vote = await _p.TaskAsync(id, "vote");
        var signer = await _p.ClientAsync("changwu1");
        var secretariat = await _p.ClientAsync("mishu1");
        // A signer may not remove another (减签 is the secretariat's, with a reason), and that changes nothing.
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await signer.DeleteAsync($"/api/tasks/{vote.Id}/signers/changwu2?comment=x")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await secretariat.DeleteAsync($"/api/tasks/{vote.Id}/signers/changwu5")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await secretariat.DeleteAsync($"/api/tasks/{vote.Id}/signers/changwu5?comment=出国缺席")).StatusCode);
        await _p.CompleteAsync(vote.Id, "changwu1", "InFavour");
        await _p.CompleteAsync(vote.Id, "changwu2", "InFavour");
        await _p.CompleteAsync(vote.Id, "changwu3", "Against", comment: "条件尚不成熟");
        // A paper vote only with a reason; recorded by the secretariat under the member's name.
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await secretariat.PostAsJsonAsync($"/api/tasks/{vote.Id}/signers/changwu4/paper-vote", new { outcome = "Abstain" })).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await signer.PostAsJsonAsync($"/api/tasks/{vote.Id}/signers/changwu4/paper-vote", new { outcome = "InFavour", comment = "代投" })).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await secretariat.PostAsJsonAsync($"/api/tasks/{vote.Id}/signers/changwu4/paper-vote", new { outcome = "Abstain", comment = "会上书面表决，票据存档" })).StatusCode);
        // 2 in favour of 4 present is half, not more than half.
        await AssertRejectedAsync(id, "常务理事会：出席常务理事 4 人，赞成 2 票");
        var votes = await _p.QueryAsync(db => db.Set<FoundingVote>().CountAsync(v => v.FoundingApplicationId == "fa-" + id));
        Assert.Equal(4, votes);
        var paper = await _p.QueryAsync(db => db.Set<Workflows.Runtime.Inbox.AuditRecord>().Where(a => a.TaskId == vote.Id && a.Action == "PaperVote").ToListAsync());
        Assert.Equal(("mishu1", "会上书面表决，票据存档"), (Assert.Single(paper).Actor, paper[0].Comment));
    }

    [Fact]
    public async Task Founding_HardRuleFails_ReturnedWithReasonsBeforeAnyReview()
    {
        var id = await _p.StartAsync("huiyuan2", "p1-branch-founding", new
        {
            Application = new
            {
                kind = "clinic", name = "连锁（个体）口腔诊所分会", clinicCategory = "dental", fundingCommitment = false,
                committee = new { size = 120, districtsCovered = 38, standingMembersPerDistrict = 1 },
            },
        });
        await _p.ActAsync(id, "completeness", "mishu2", "Accept", new { materialsComplete = true });
        await _p.FinishedAsync(id);

        var application = await _p.QueryAsync(db => db.Set<FoundingApplication>().SingleAsync(a => a.WorkflowInstanceId == id));
        Assert.Equal(FoundingStatus.Returned, application.Status);
        Assert.Contains("口腔诊所由协会口腔医学分会管理", application.DecisionReason, StringComparison.Ordinal);
        Assert.Contains("委员会人数 120 人", application.DecisionReason, StringComparison.Ordinal);
        Assert.Contains("书面承诺书", application.DecisionReason, StringComparison.Ordinal);
        var mail = Assert.Single(await _p.MailsAsync(id), m => m.Template == "applicationReturned");
        Assert.Equal(["huiyuan2"], mail.To);
        Assert.Empty(await _p.QueryAsync(db => db.Tasks.Where(t => t.InstanceId == id && t.ActivityId == "survey").ToListAsync()));
    }

    [Fact]
    public async Task Founding_SoftRuleWarning_NeedsAcknowledgementWithReason()
    {
        var id = await _p.StartAsync("huiyuan3", "p1-branch-founding", new
        {
            Application = new
            {
                kind = "academic", name = "医学美容与激光分会", discipline = "医学激光", chairUnitId = RenjiHospital,
                chairPersonId = "467c5f8f-b150-56a5-9d63-0c94bcada0e5", // 主治医师: the chair-person rule warns (001 §9(1))
                fundingCommitment = true,
            },
        });
        await _p.ActAsync(id, "completeness", "mishu1", "Accept", new { materialsComplete = true });
        var acknowledge = await _p.TaskAsync(id, "acknowledge");
        Assert.Contains("主任医师", acknowledge.Description, StringComparison.Ordinal);

        await _p.ActAsync(id, "acknowledge", "mishu1", "Acknowledge", comment: "竞争性选拔将产生正高职称主委");
        await _p.TaskAsync(id, "survey");
        var application = await _p.QueryAsync(db => db.Set<FoundingApplication>().SingleAsync(a => a.WorkflowInstanceId == id));
        Assert.Equal(FoundingStatus.UnderReview, application.Status);
        Assert.Equal("竞争性选拔将产生正高职称主委", application.WarningsAcknowledgement);
    }

    private async Task AssertRejectedAsync(string id, string reason)
    {
        await _p.FinishedAsync(id);
        Assert.Equal("rejected", (await _p.OutputAsync(id))["Result"]!.GetValue<string>());
        var application = await _p.QueryAsync(db => db.Set<FoundingApplication>().SingleAsync(a => a.WorkflowInstanceId == id));
        Assert.Equal(FoundingStatus.Rejected, application.Status);
        Assert.StartsWith(reason, application.DecisionReason, StringComparison.Ordinal);
        Assert.Null(application.ResultingBranchId);
        Assert.False(await _p.QueryAsync(db => db.Set<Branch>().AnyAsync(b => b.Name == application.ProposedName)));
        // The process's own decision mail; the rejecting step's own result mail is merged into it (one per event per person).
        var mail = Assert.Single(await _p.MailsAsync(id), m => m.Template == "decision" && m.Model!["outcomeKey"] is null);
        Assert.Equal(["huiyuan3"], mail.To);
        Assert.Equal("不予成立", mail.Model!["outcome"]!.GetValue<string>());
        Assert.StartsWith(reason, mail.Model["comment"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await _p.OpenTasksAsync(id));
    }
}
