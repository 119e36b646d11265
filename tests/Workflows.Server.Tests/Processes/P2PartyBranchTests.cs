using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Processes;

/// <summary>P2 end to end: nomination, the party committee's assessment, 一岗双责, appointment recorded on the branch.</summary>
public sealed class P2PartyBranchTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private readonly ProcessDriver _p = new(app);

    /// <summary>口腔医学分会 (demo): its chair 陶仕友 is not a party member; no party branch yet.</summary>
    private const string DentalBranch = "38d95989-13b7-59fe-b5f4-369f4b38d19e";

    [Fact]
    public async Task PartyBranch_ChairNotPartyMember_FailedNomineeReplacedSecretaryChosenWithReason()
    {
        var id = await _p.StartAsync("mishu1", "p2-party-branch-setup", new { BranchId = DentalBranch });

        // The form needs all five names: the inbox refuses four, and the task stays as it was.
        var first = await _p.TaskAsync(id, "nominate");
        var client = await _p.ClientAsync("mishu1");
        using (var refused = await client.PostAsJsonAsync($"/api/tasks/{first.Id}/complete",
                   new { outcome = "Submit", formData = new { member1 = "贺晓明", member2 = "田晓芳", member3 = "罗晓军", member4 = "邓晓丽" } }))
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("支部委员人选5", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(first.Id, (await _p.TaskAsync(id, "nominate")).Id);

        // Five fields but one person twice: the workflow's own check sends it back to the nomination, with the reason.
        await _p.ActAsync(id, "nominate", "mishu1", "Submit", new { member1 = "贺晓明", member2 = "田晓芳", member3 = "罗晓军", member4 = "邓晓丽", member5 = "贺晓明" });
        var again = await _p.TaskAsync(id, "nominate");
        Assert.Contains("人选重复：贺晓明", again.Description, StringComparison.Ordinal);

        await _p.ActAsync(id, "nominate", "mishu1", "Submit", new { member1 = "贺晓明", member2 = "田晓芳", member3 = "罗晓军", member4 = "邓晓丽", member5 = "冯晓强" });
        await _p.ActAsync(id, "assess", "dangwei1", "Submit", new
        {
            result1 = "合格", result2 = "不合格", comment2 = "党龄不足，不宜任支部委员", result3 = "合格", result4 = "合格", result5 = "合格",
        });

        // The failed nominee must be replaced before anyone is appointed.
        var replace = await _p.TaskAsync(id, "nominate");
        Assert.Contains("田晓芳", replace.Description, StringComparison.Ordinal);
        await _p.ActAsync(id, "nominate", "mishu2", "Submit", new { member1 = "贺晓明", member2 = "石晓东", member3 = "罗晓军", member4 = "邓晓丽", member5 = "冯晓强" });
        await _p.ActAsync(id, "assess", "dangwei2", "Submit", new { result1 = "合格", result2 = "合格", result3 = "合格", result4 = "合格", result5 = "合格" });
        await _p.ActAsync(id, "chooseSecretary", "dangwei1", "Submit", new { secretary = "罗晓军", reason = "主任委员非党员；罗晓军党龄最长、有支部工作经历" });
        await _p.ActAsync(id, "appoint", "dangwei2", "Approve");
        await _p.FinishedAsync(id);

        var (party, members, people, record) = await _p.QueryAsync(async db =>
        {
            var pb = await db.Set<PartyBranch>().Include(x => x.Members).SingleAsync(x => x.BranchId == DentalBranch);
            var ids = pb.Members.Select(m => m.PersonId).ToList();
            return (pb, pb.Members, await db.Set<Person>().Where(x => ids.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x),
                await db.Set<BranchRecord>().SingleAsync(r => r.BranchId == DentalBranch && r.Kind == BranchRecordKind.PartyBranchAppointed));
        });
        Assert.NotNull(party.EstablishedOn);
        Assert.False(party.SecretaryIsBranchChair);
        Assert.Equal("主任委员非党员；罗晓军党龄最长、有支部工作经历", party.SecretaryReason);
        Assert.Equal("罗晓军", people[party.SecretaryPersonId!].Name);
        Assert.Equal(5, members.Count);
        Assert.DoesNotContain(members, m => people[m.PersonId].Name == "田晓芳");
        Assert.All(members, m => Assert.True(m.AssessmentPassed));
        Assert.All(members, m => Assert.True(people[m.PersonId].PartyMember));
        Assert.Equal(PartyBranchRole.Secretary, Assert.Single(members, m => m.PersonId == party.SecretaryPersonId).Role);
        Assert.Contains("理由", record.Summary, StringComparison.Ordinal);

        var mail = Assert.Single(await _p.MailsAsync(id), m => m.Template == "resultPublished");
        Assert.Contains("role:partyCommittee", mail.To);
        Assert.Contains("罗晓军", mail.Model!["outcome"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartyBranch_ChairIsPartyMember_ChairMustBeNominatedAndBecomesSecretary()
    {
        // A demo branch whose chair is a party member and which has no party branch yet.
        var (branchId, chairId, chairName) = await _p.QueryAsync(async db =>
        {
            var withParty = await db.Set<PartyBranch>().Select(p => p.BranchId).ToListAsync();
            var row = await (from h in db.Set<BranchOfficeHolder>()
                             join b in db.Set<Branch>() on h.BranchId equals b.Id
                             join p in db.Set<Person>() on h.PersonId equals p.Id
                             where h.Position == OfficePosition.Chair && p.PartyMember && b.Status == BranchStatus.Active && !withParty.Contains(b.Id)
                             orderby b.Code
                             select new { b.Id, PersonId = p.Id, p.Name }).FirstAsync();
            return (row.Id, row.PersonId, row.Name);
        });
        var id = await _p.StartAsync("mishu1", "p2-party-branch-setup", new { BranchId = branchId });

        await _p.ActAsync(id, "nominate", "mishu1", "Submit", new { member1 = "贺晓明", member2 = "石晓东", member3 = "罗晓军", member4 = "邓晓丽", member5 = "冯晓强" });
        Assert.Contains("一岗双责", (await _p.TaskAsync(id, "nominate")).Description, StringComparison.Ordinal);

        await _p.ActAsync(id, "nominate", "mishu1", "Submit", new { member1 = chairId, member2 = "石晓东", member3 = "罗晓军", member4 = "邓晓丽", member5 = "冯晓强" });
        await _p.ActAsync(id, "assess", "dangwei1", "Submit", new { result1 = "合格", result2 = "合格", result3 = "合格", result4 = "合格", result5 = "合格" });
        var appoint = await _p.TaskAsync(id, "appoint");
        Assert.Contains($"{chairName}（主任委员兼任，一岗双责）", appoint.Description, StringComparison.Ordinal);
        await _p.CompleteAsync(appoint.Id, "dangwei1", "Approve");
        await _p.FinishedAsync(id);

        var party = await _p.QueryAsync(db => db.Set<PartyBranch>().Include(x => x.Members).SingleAsync(x => x.BranchId == branchId));
        Assert.True(party.SecretaryIsBranchChair);
        Assert.Equal(chairId, party.SecretaryPersonId);
        Assert.Null(party.SecretaryReason);
        Assert.Equal(5, party.Members.Count);
        Assert.Empty(await _p.QueryAsync(db => db.Tasks.Where(t => t.InstanceId == id && t.ActivityId == "chooseSecretary").ToListAsync()));
    }
}
