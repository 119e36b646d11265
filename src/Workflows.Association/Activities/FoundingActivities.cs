using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Applications;
using Workflows.Association.Domain;
using Workflows.Association.Json;
using Workflows.Association.Rules;
using Workflows.Engine.Activities;
using Workflows.Engine.Execution;
using static Workflows.Engine.Activities.Describe;

namespace Workflows.Association.Activities;

/// <summary>P1 step 1: registers (or, on resubmission, updates) the founding application of this instance.</summary>
public sealed class RegisterFoundingApplicationActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "RegisterFoundingApplication", AssociationCategories.Founding, "登记筹建申请", "Register founding application",
        "把筹建申请（分会类别、名称、学科或诊所类别、拟任主委单位与人选、拟任人员、经费承诺、佐证材料）登记入库，状态为“已提交”。",
        "Stores the founding application (P1 step 1) with status Submitted.",
        [In("Application", "Object", "申请内容", "Application", "{kind, name, clinicCategory, discipline, secondLevelDiscipline, unitsWithDepartment, chairUnitId, chairPersonId, fundingCommitment, committee:{size, districtsCovered, standingMembersPerDistrict}, evidence, officeHolders:[{personId, position}]}", "The application form.", "json-editor", required: true)],
        [Out("ApplicationId", "String", "申请编号", "Application id"), Out("Title", "String", "申请名称", "Title"), Out("ApplicantUserName", "String", "申请人", "Applicant")]);

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var ct = context.CancellationToken;
        var parsed = await ApplicationForms.ParseFoundingAsync(await ObjectAsync(context, "Application"), db, ct);
        if (!parsed.IsValid)
        {
            throw new ActivityFaultException("筹建申请有误：" + string.Join("；", parsed.Errors.Select(e => e.ToString())) + " / invalid founding application");
        }

        var data = parsed.Value!;
        var id = $"fa-{context.InstanceId}";
        var application = await db.Set<FoundingApplication>().Include(a => a.ProposedOfficeHolders).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (application is null)
        {
            application = new FoundingApplication { Id = id };
            db.Add(application);
        }

        application.Kind = data.Kind;
        application.ProposedName = data.Name;
        application.ClinicCategory = data.ClinicCategory;
        application.Discipline = data.Discipline;
        application.SecondLevelDiscipline = data.SecondLevelDiscipline;
        application.UnitsWithDepartment = data.UnitsWithDepartment;
        application.ProposedChairUnitId = data.ChairUnitId;
        application.ProposedChairPersonId = data.ChairPersonId;
        application.FundingCommitment = data.FundingCommitment;
        application.CommitteeSize = data.CommitteeSize;
        application.DistrictsCovered = data.DistrictsCovered;
        application.StandingMembersPerDistrict = data.StandingMembersPerDistrict;
        application.Evidence = data.Evidence;
        application.Status = FoundingStatus.Submitted;
        application.SubmittedAtUtc = UtcNow(context);
        application.ApplicantUserName ??= InitiatedBy(context);
        application.WorkflowInstanceId = context.InstanceId;

        // Office holders as proposed now: keep the rows that stay, drop the ones withdrawn, add the new.
        var wanted = data.OfficeHolders.ToDictionary(h => h.PersonId, StringComparer.Ordinal);
        foreach (var gone in application.ProposedOfficeHolders.Where(h => !wanted.ContainsKey(h.PersonId)).ToList())
        {
            application.ProposedOfficeHolders.Remove(gone);
            db.Remove(gone);
        }

        foreach (var holder in data.OfficeHolders)
        {
            var row = application.ProposedOfficeHolders.FirstOrDefault(h => h.PersonId == holder.PersonId);
            if (row is null)
            {
                row = new FoundingOfficeHolder { Id = NewId(context, "fo"), FoundingApplicationId = id, PersonId = holder.PersonId };
                application.ProposedOfficeHolders.Add(row);
            }

            row.Position = holder.Position;
            row.MemberUnitId = holder.MemberUnitId;
            row.DistrictId = holder.DistrictId;
        }

        context.SetOutput("ApplicationId", id);
        context.SetOutput("Title", data.Name);
        context.SetOutput("ApplicantUserName", application.ApplicantUserName);
        context.JournalMessage = $"筹建申请“{data.Name}”已登记";
        return Done;
    }
}

/// <summary>Sets the status of the founding application and, when it ends the process, the instance's result.</summary>
public sealed class SetFoundingStatusActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "SetFoundingStatus", AssociationCategories.Founding, "更新筹建申请状态", "Set founding status",
        "记录审查进展或结论：审查中、退回（可修改后重新申请）、不予成立（注明审查机构和理由）、撤回；结束性的状态同时写入流程结果。",
        "Records review progress or the decision (under review, returned, rejected, withdrawn); final ones also become the instance's result.",
        [
            In("ApplicationId", "String", "申请编号", "Application id", required: true),
            In("Status", "String", "状态", "Status", "", "", "dropdown", ActivityDescriptors.StatusDropdown<FoundingStatus>(s => s.ToString()), required: true),
            In("Reason", "String", "理由", "Reason", "退回或不予成立的理由。", "Why it was returned or rejected.", "multiline"),
            In("DecidedBy", "String", "审查机构", "Decided by", "如：领导小组、协会党委、常务理事会。", "E.g. leadership group, party committee, standing council."),
            In("WarningsAcknowledgement", "String", "提示确认理由", "Warnings acknowledged", "审核人确认“原则上”条款提示的理由。", "The reviewer's reason for accepting the warnings.", "multiline"),
        ],
        [Out("NewStatus", "String", "状态", "Status"), Out("DecisionReason", "String", "理由（含审查机构）", "Reason")]);

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var application = await RequireAsync<FoundingApplication>(db, await RequiredStringAsync(context, "ApplicationId"), "筹建申请", context.CancellationToken);
        var statusText = await RequiredStringAsync(context, "Status");
        if (!EnumWire.TryFromWire<FoundingStatus>(statusText, out var status))
        {
            throw new ActivityFaultException($"状态 {statusText} 无效。 / Unknown status {statusText}.");
        }

        var reason = await OptionalStringAsync(context, "Reason");
        var decidedBy = await OptionalStringAsync(context, "DecidedBy");
        var final = status is FoundingStatus.Returned or FoundingStatus.Rejected or FoundingStatus.Withdrawn;
        application.Status = status;
        if (await OptionalStringAsync(context, "WarningsAcknowledgement") is { } acknowledgement)
        {
            application.WarningsAcknowledgement = Truncate(acknowledgement, 1000);
        }

        if (final)
        {
            application.DecidedAtUtc = UtcNow(context);
            application.DecisionReason = Truncate(decidedBy is null ? reason ?? "" : $"{decidedBy}：{reason}", 1000);
            context.Workflow.State.Output["Result"] = EnumWire.ToWire(status);
            context.Workflow.State.Output["Reason"] = application.DecisionReason;
        }

        context.SetOutput("NewStatus", EnumWire.ToWire(status));
        context.SetOutput("DecisionReason", decidedBy is null ? reason : $"{decidedBy}：{reason}");
        context.JournalMessage = $"筹建申请状态：{status}{(reason is null ? "" : "，" + reason)}";
        return Done;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}

/// <summary>P1 step 4: ranks the candidates of the competitive chair selection; the winner becomes the proposed chair.</summary>
public sealed class SelectChairActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "SelectChair", AssociationCategories.Founding, "主委竞争性选拔", "Competitive chair selection",
        "按评分（多名评委取平均）对主任委员候选人排名，第一名当选为拟任主任委员（001 §9(1)）；并列第一须重新评分。候选人写人员编号或名册中的姓名。",
        "Ranks the chair candidates by average score; the sole first becomes the proposed chair (001 §9(1)); a tie for first is re-scored.",
        [
            In("ApplicationId", "String", "申请编号", "Application id", required: true),
            In("Candidates", "Object", "候选人及得分", "Candidates", "[{personId 或 name, score 或 scores:[…]}]，或每行“姓名，分数[，分数…]”。", "[{personId|name, score|scores}] or one 'name, score…' per line.", "json-editor", required: true),
        ],
        [Out("Ranking", "Object", "排名", "Ranking"), Out("WinnerName", "String", "当选人", "Winner"), Out("WinnerPersonId", "String", "当选人编号", "Winner id"), Out("Message", "String", "说明", "Message")],
        ("Selected", "已选出", "Selected"), ("Tie", "并列第一", "Tie"), ("Invalid", "数据有误", "Invalid"));

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var ct = context.CancellationToken;
        var application = await RequireAsync<FoundingApplication>(db, await RequiredStringAsync(context, "ApplicationId"), "筹建申请", ct);
        var raw = await context.EvaluateInputAsync("Candidates");
        if (raw is JsonObject form && form["candidates"] is { } inner)
        {
            raw = inner; // the whole form data was passed
        }

        var (items, errors) = ChairSelection.Parse(raw);
        var candidates = new List<ChairCandidateScore>();
        foreach (var (key, scores) in items)
        {
            var person = await db.Set<Person>().FindAsync([key], ct);
            if (person is null)
            {
                var byName = await db.Set<Person>().Where(p => p.Name == key).Take(2).ToListAsync(ct);
                person = byName.Count == 1 ? byName[0] : null;
                if (byName.Count > 1)
                {
                    errors = [.. errors, $"名册中有多名“{key}”，请改用人员编号 / several people named {key}; use the id"];
                    continue;
                }
            }

            if (person is null)
            {
                errors = [.. errors, $"名册中没有候选人“{key}”，请先登记人员 / {key} is not in the register"];
                continue;
            }

            candidates.Add(new ChairCandidateScore(person.Id, person.Name, scores));
        }

        if (errors.Count > 0)
        {
            return Invalid(context, string.Join("；", errors));
        }

        var result = ChairSelection.Rank(candidates);
        var existing = await db.Set<ChairCandidate>().Where(c => c.FoundingApplicationId == application.Id).ToListAsync(ct);
        db.RemoveRange(existing.Where(e => !candidates.Any(c => c.PersonId == e.PersonId)));
        var now = UtcNow(context);
        foreach (var ranked in result.Ranking)
        {
            var row = existing.FirstOrDefault(e => e.PersonId == ranked.Candidate.PersonId);
            if (row is null)
            {
                row = new ChairCandidate { Id = NewId(context, "cc"), FoundingApplicationId = application.Id, PersonId = ranked.Candidate.PersonId };
                db.Add(row);
            }

            row.Name = ranked.Candidate.Name;
            row.Score = ranked.Candidate.Average;
            row.ScoreDetail = string.Join(", ", ranked.Candidate.Scores.Select(s => s.ToString("0.##", CultureInfo.InvariantCulture)));
            row.Rank = ranked.Rank;
            row.IsWinner = result.Winner is { } w && w.PersonId == ranked.Candidate.PersonId;
            row.ScoredAtUtc = now;
        }

        context.SetOutput("Ranking", new JsonArray(result.Ranking.Select(r => (JsonNode?)new JsonObject
        {
            ["rank"] = r.Rank,
            ["personId"] = r.Candidate.PersonId,
            ["name"] = r.Candidate.Name,
            ["score"] = r.Candidate.Average,
        }).ToArray()));

        if (result.Winner is not { } winner)
        {
            var tied = string.Join("、", result.Ranking.Where(r => r.Rank == 1).Select(r => r.Candidate.Name));
            return Invalid(context, $"{tied} 并列第一（{result.Ranking[0].Candidate.Average:0.##} 分），请重新评分 / tie for first place; score again", "Tie");
        }

        application.ProposedChairPersonId = winner.PersonId;
        var message = $"{winner.Name} 以 {winner.Average.ToString("0.##", CultureInfo.InvariantCulture)} 分排名第一，当选拟任主任委员";
        context.SetOutput("WinnerName", winner.Name);
        context.SetOutput("WinnerPersonId", winner.PersonId);
        context.SetOutput("Message", message);
        context.JournalMessage = message;
        return "Selected";
    }

    private static string Invalid(ActivityExecutionContext context, string message, string outcome = "Invalid")
    {
        context.SetOutput("Message", message);
        context.JournalMessage = message;
        return outcome;
    }
}

/// <summary>P1 step 7: records the standing council's ballots; passes with more than half of those present (GovernanceRules.CouncilVote).</summary>
public sealed class RecordCouncilVoteActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "RecordCouncilVote", AssociationCategories.Founding, "登记常务理事会表决", "Record council vote",
        "登记常务理事会审议、表决结果：出席人数与每位常务理事的表决意见；赞成票超过出席人数半数为通过，出席未投票与弃权均计为不赞成。",
        "Records the council's ballots; passes with more than half of those present in favour (absent votes and abstentions are not in favour).",
        [
            In("ApplicationId", "String", "申请编号", "Application id", required: true),
            In("Present", "Int32", "出席人数", "Present", required: true),
            In("Ballots", "Object", "表决记录", "Ballots", "{\"changwu1\":\"inFavour\", …} 或每行“用户名 赞成/反对/弃权”。", "{voter: inFavour|against|abstain} or one 'voter choice' per line.", "json-editor", required: true),
            In("Quorum", "Int32", "法定出席人数", "Quorum", "出席人数少于此数时表决无效，须重新表决；留空不限。", "Fewer present than this makes the vote invalid (vote again); empty for none."),
        ],
        [Out("Result", "Object", "表决结果", "Result"), Out("InFavour", "Int32", "赞成票", "In favour"), Out("Message", "String", "说明", "Message")],
        ("Passed", "通过", "Passed"), ("NotPassed", "未通过", "Not passed"), ("Invalid", "记录有误", "Invalid"));

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var ct = context.CancellationToken;
        var application = await RequireAsync<FoundingApplication>(db, await RequiredStringAsync(context, "ApplicationId"), "筹建申请", ct);
        var present = await context.GetNumberAsync("Present");
        var (ballots, errors) = Ballots.Parse(await context.EvaluateInputAsync("Ballots"));
        var list = errors.ToList();
        if (present is not { } p || p < 1 || p != Math.Floor(p))
        {
            list.Add("出席人数须为正整数 / present must be a positive whole number");
        }
        else if (ballots.Count > p)
        {
            list.Add($"表决票 {ballots.Count} 张多于出席人数 {p} / more ballots than members present");
        }
        else if (await context.GetNumberAsync("Quorum") is { } quorum && p < quorum)
        {
            list.Add($"出席常务理事 {p} 人，不足法定人数 {quorum} 人，表决无效，须重新表决 / {p} present, below the quorum of {quorum}: vote again");
        }

        if (list.Count > 0)
        {
            var message = string.Join("；", list);
            context.SetOutput("Message", message);
            context.JournalMessage = message;
            return "Invalid";
        }

        var existing = await db.Set<FoundingVote>().Where(v => v.FoundingApplicationId == application.Id).ToListAsync(ct);
        db.RemoveRange(existing.Where(e => !ballots.Any(b => b.Voter == e.VoterUserName)));
        foreach (var ballot in ballots)
        {
            var row = existing.FirstOrDefault(e => e.VoterUserName == ballot.Voter);
            if (row is null)
            {
                row = new FoundingVote { Id = NewId(context, "fv"), FoundingApplicationId = application.Id, VoterUserName = ballot.Voter };
                db.Add(row);
            }

            row.Choice = ballot.Choice;
            row.CastAtUtc = UtcNow(context);
        }

        application.CouncilMembersPresent = (int)present!.Value;
        var result = GovernanceRules.CouncilVote((int)present.Value, ballots.Select(b => b.Choice));
        var inFavour = ballots.Count(b => b.Choice == VoteChoice.InFavour);
        context.SetOutput("Result", ToNode(result));
        context.SetOutput("InFavour", inFavour);
        context.SetOutput("Message", result.Rules[0].Message);
        context.JournalMessage = result.Rules[0].Message;
        return result.Eligible ? "Passed" : "NotPassed";
    }
}

/// <summary>
/// P1 step 8: the council approved. The branch is created Active with its chair unit, chair (the selection's
/// winner) and proposed office holders, founded today and listed on the website; the application is Approved.
/// </summary>
public sealed class ApproveFoundingActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "ApproveFounding", AssociationCategories.Founding, "批准成立分会", "Approve founding",
        "常务理事会表决通过后：建立分会（状态“正常”），登记主任委员单位、主任委员与拟任人员，成立日期为今日，并在协会网站分会名单中公布。",
        "Creates the branch (Active), its chair unit, chair and office holders, founded today and published on the website list.",
        [In("ApplicationId", "String", "申请编号", "Application id", required: true)],
        [
            Out("BranchId", "String", "分会编号", "Branch id"), Out("BranchName", "String", "分会名称", "Branch name"),
            Out("ChairPersonId", "String", "主任委员编号", "Chair id"), Out("ChairName", "String", "主任委员", "Chair"),
            Out("ChairIsPartyMember", "Boolean", "主任委员是否党员", "Chair is a party member"), Out("ChairUserName", "String", "主任委员用户名", "Chair user"),
        ]);

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var ct = context.CancellationToken;
        var applicationId = await RequiredStringAsync(context, "ApplicationId");
        var application = await db.Set<FoundingApplication>().Include(a => a.ProposedOfficeHolders).FirstOrDefaultAsync(a => a.Id == applicationId, ct)
            ?? throw new ActivityFaultException($"筹建申请 {applicationId} 不存在。 / Founding application {applicationId} does not exist.");
        var chairId = application.ProposedChairPersonId
            ?? throw new ActivityFaultException("尚未选出主任委员，不能批准成立。 / No chair has been selected.");
        var chair = await RequireAsync<Person>(db, chairId, "人员", ct);
        var today = Today(context);

        var branch = application.ResultingBranchId is { } existingId ? await db.Set<Branch>().FindAsync([existingId], ct) : null;
        if (branch is null)
        {
            if (await db.Set<Branch>().AnyAsync(b => b.Name == application.ProposedName, ct))
            {
                throw new ActivityFaultException($"已有名为“{application.ProposedName}”的分会，不能重复成立。 / A branch named {application.ProposedName} exists.");
            }

            var id = $"branch-{context.InstanceId}";
            branch = new Branch { Id = id, Code = id };
            db.Add(branch);
        }

        branch.Name = application.ProposedName;
        branch.Kind = application.Kind;
        branch.ClinicCategory = application.ClinicCategory;
        branch.Discipline = application.Discipline;
        branch.IsSecondLevelDiscipline = application.SecondLevelDiscipline;
        branch.Status = BranchStatus.Active;
        branch.ChairUnitId = application.ProposedChairUnitId;
        branch.FoundedOn ??= today;
        branch.PublishedOnWebsite = true;

        // Office holders: the selection's winner chairs; the other proposed holders take their posts. A proposed
        // chair who lost the selection is not appointed chair (the selection decides, 001 §9(1)).
        var holders = await db.Set<BranchOfficeHolder>().Where(h => h.BranchId == branch.Id).ToListAsync(ct);
        void Appoint(string personId, OfficePosition position, string? unitId, string? districtId)
        {
            if (holders.Any(h => h.PersonId == personId))
            {
                return;
            }

            var holder = new BranchOfficeHolder
            {
                Id = NewId(context, "oh"), BranchId = branch.Id, PersonId = personId, Position = position,
                MemberUnitId = unitId, DistrictId = districtId, TermStart = today,
            };
            holders.Add(holder);
            db.Add(holder);
        }

        Appoint(chair.Id, OfficePosition.Chair, application.ProposedChairUnitId ?? chair.MemberUnitId, null);
        foreach (var proposed in application.ProposedOfficeHolders.Where(h => h.PersonId != chair.Id && h.Position != OfficePosition.Chair))
        {
            Appoint(proposed.PersonId, proposed.Position, proposed.MemberUnitId, proposed.DistrictId);
        }

        application.Status = FoundingStatus.Approved;
        application.DecidedAtUtc = UtcNow(context);
        application.ResultingBranchId = branch.Id;
        application.DecisionReason = "常务理事会表决通过";
        await RecordAsync(context, db, branch.Id, BranchRecordKind.Founded, null,
            $"经领导小组审核、协会党委研究同意、常务理事会表决通过，{branch.Name}于{ZhDate(today)}成立，主任委员{chair.Name}，已在协会网站分会名单中公布",
            new { applicationId = application.Id, chair = chair.Name, votesPresent = application.CouncilMembersPresent });

        context.Workflow.State.Output["Result"] = "approved";
        context.Workflow.State.Output["BranchId"] = branch.Id;
        context.SetOutput("BranchId", branch.Id);
        context.SetOutput("BranchName", branch.Name);
        context.SetOutput("ChairPersonId", chair.Id);
        context.SetOutput("ChairName", chair.Name);
        context.SetOutput("ChairIsPartyMember", chair.PartyMember);
        context.SetOutput("ChairUserName", chair.UserName);
        context.JournalMessage = $"{branch.Name}成立，主任委员{chair.Name}";
        return Done;
    }
}
