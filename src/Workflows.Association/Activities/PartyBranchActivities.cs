using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Association.Json;
using Workflows.Association.Rules;
using Workflows.Engine.Activities;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Runtime.Persistence;

namespace Workflows.Association.Activities;

/// <summary>Reads a branch and its current chair from the register, for titles, recipients and decisions.</summary>
public sealed class LoadBranchActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "LoadBranch", AssociationCategories.Registry, "读取分会信息", "Load branch",
        "从名册读取分会名称、状态、主任委员（姓名、是否党员、用户名）等，供后续步骤使用。",
        "Reads the branch and its current chair from the register.",
        [In("BranchId", "String", "分会编号", "Branch id", required: true)],
        [
            Out("BranchName", "String", "分会名称", "Branch name"), Out("Status", "String", "分会状态", "Status"),
            Out("ChairPersonId", "String", "主任委员编号", "Chair id"), Out("ChairName", "String", "主任委员", "Chair"),
            Out("ChairIsPartyMember", "Boolean", "主任委员是否党员", "Chair is a party member"), Out("ChairUserName", "String", "主任委员用户名", "Chair user"),
        ]);

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var branch = await BranchAsync(db, await RequiredStringAsync(context, "BranchId"), context.CancellationToken);
        var chair = await ChairAsync(db, branch.Id, Today(context), context.CancellationToken);
        context.SetOutput("BranchName", branch.Name);
        context.SetOutput("Status", EnumWire.ToWire(branch.Status));
        context.SetOutput("ChairPersonId", chair?.Person.Id);
        context.SetOutput("ChairName", chair?.Person.Name);
        context.SetOutput("ChairIsPartyMember", chair?.Person.PartyMember ?? false);
        context.SetOutput("ChairUserName", chair?.Person.UserName);
        return Done;
    }
}

/// <summary>
/// P2 step 1: the five nominees of the special party branch (000 §4.2.1). Each is a person of the register (by
/// id or unique name); a name not yet in the register is added as a new person, a party member. If the chair is a
/// party member they must be among the five (一岗双责, 001 §4). Nominees already assessed keep their assessment.
/// </summary>
public sealed class NominatePartyBranchActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "NominatePartyBranch", AssociationCategories.PartyBranch, "登记支部委员提名", "Record party-branch nominees",
        "登记特设党支部 5 名支部委员人选（000 §4.2.1）：必须恰好 5 人且不重复；主任委员是党员的，须列入其中（一岗双责，001 §4）。",
        "Records the five nominees (000 §4.2.1); exactly five distinct people, the chair among them if a party member (001 §4).",
        [
            In("BranchId", "String", "分会编号", "Branch id", required: true),
            In("Nominees", "Object", "提名人选", "Nominees", "表单数据 {member1…member5}（人员编号或姓名），或数组。", "Form data member1…member5 (person id or name), or an array.", "json-editor", required: true),
        ],
        [Out("NomineeIds", "Object", "人选编号（按提名顺序）", "Nominee ids"), Out("Names", "String", "人选姓名", "Names"), Out("Message", "String", "说明", "Message")],
        ("Valid", "人选有效", "Valid"), ("Invalid", "人选有误", "Invalid"));

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var ct = context.CancellationToken;
        var size = Thresholds(context).PartyBranchCommitteeSize;
        var branch = await BranchAsync(db, await RequiredStringAsync(context, "BranchId"), ct);
        var keys = ReadNominees(await context.EvaluateInputAsync("Nominees"));
        var errors = new List<string>();
        if (keys.Count != size)
        {
            errors.Add($"提名 {keys.Count} 人，特设党支部委员应为 {size} 人 / {keys.Count} nominated, exactly {size} required");
        }

        var people = new List<(string Key, Person? Person)>();
        foreach (var key in keys)
        {
            var person = await db.Set<Person>().FindAsync([key], ct);
            if (person is null)
            {
                var byName = await db.Set<Person>().Where(p => p.Name == key).Take(2).ToListAsync(ct);
                if (byName.Count > 1)
                {
                    errors.Add($"名册中有多名“{key}”，请改用人员编号 / several people named {key}; use the id");
                }

                person = byName.Count == 1 ? byName[0] : null;
            }

            people.Add((key, person));
        }

        var duplicates = people.GroupBy(p => p.Person?.Id ?? "name:" + p.Key).Where(g => g.Count() > 1).Select(g => g.First().Key).ToList();
        if (duplicates.Count > 0)
        {
            errors.Add($"人选重复：{string.Join("、", duplicates)} / nominated twice");
        }

        var chair = await ChairAsync(db, branch.Id, Today(context), ct);
        if (chair is { } c && c.Person.PartyMember && people.All(p => p.Person?.Id != c.Person.Id))
        {
            errors.Add($"主任委员{c.Person.Name}是党员，应担任支部书记（一岗双责，001 §4），须列入 5 名支部委员 / the chair is a party member and must be one of the five");
        }

        if (errors.Count > 0)
        {
            var message = string.Join("；", errors);
            context.SetOutput("Message", message);
            context.JournalMessage = message;
            return "Invalid";
        }

        var resolved = new List<Person>();
        foreach (var (key, person) in people)
        {
            if (person is not null)
            {
                resolved.Add(person);
                continue;
            }

            // A committee member of a party branch is a party member by definition.
            var added = new Person { Id = NewId(context, "p"), Name = key, PartyMember = true };
            db.Add(added);
            resolved.Add(added);
        }

        var partyBranch = await PartyBranchAsync(context, db, branch);
        foreach (var gone in partyBranch.Members.Where(m => resolved.All(r => r.Id != m.PersonId)).ToList())
        {
            partyBranch.Members.Remove(gone);
            db.Remove(gone);
        }

        foreach (var person in resolved.Where(r => partyBranch.Members.All(m => m.PersonId != r.Id)))
        {
            partyBranch.Members.Add(new PartyBranchMember { Id = NewId(context, "pm"), PartyBranchId = partyBranch.Id, PersonId = person.Id, Role = PartyBranchRole.Member });
        }

        var names = string.Join("、", resolved.Select(p => p.Name));
        context.SetOutput("NomineeIds", Strings(resolved.Select(p => p.Id)));
        context.SetOutput("Names", names);
        context.SetOutput("Message", $"提名人选：{names}");
        context.JournalMessage = $"提名人选：{names}";
        return "Valid";
    }

    internal static async ValueTask<PartyBranch> PartyBranchAsync(ActivityExecutionContext context, WorkflowsDbContext db, Branch branch)
    {
        var partyBranch = db.Set<PartyBranch>().Local.FirstOrDefault(p => p.BranchId == branch.Id)
            ?? await db.Set<PartyBranch>().Include(p => p.Members).FirstOrDefaultAsync(p => p.BranchId == branch.Id, context.CancellationToken);
        if (partyBranch is null)
        {
            partyBranch = new PartyBranch { Id = $"pb-{context.InstanceId}", BranchId = branch.Id, Name = $"重庆市社会医疗机构协会{branch.Name}特设党支部" };
            db.Add(partyBranch);
        }

        return partyBranch;
    }

    private static List<string> ReadNominees(JsonNode? value)
    {
        IEnumerable<JsonNode?> items = value switch
        {
            JsonObject form => form.Where(p => p.Key.StartsWith("member", StringComparison.OrdinalIgnoreCase)).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value),
            JsonArray array => array,
            _ => [],
        };
        return items
            .Select(item => item is JsonObject o ? ValueConversion.ToText(o["personId"]) ?? ValueConversion.ToText(o["name"]) : ValueConversion.ToText(item))
            .Where(text => !string.IsNullOrWhiteSpace(text))
            .Select(text => text!.Trim())
            .ToList();
    }
}

/// <summary>P2 step 2: the party committee's assessment (考核) of each nominee; a failed one must be replaced.</summary>
public sealed class RecordPartyBranchAssessmentActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "RecordPartyBranchAssessment", AssociationCategories.PartyBranch, "登记党委考核结果", "Record party committee assessment",
        "登记协会党委对每名人选的考核结果（合格/不合格及意见）；有不合格者须退回替换后重新考核。",
        "Records pass/fail and a comment per nominee; a failed nominee must be replaced and the new one assessed.",
        [
            In("BranchId", "String", "分会编号", "Branch id", required: true),
            In("NomineeIds", "Object", "人选编号（按提名顺序）", "Nominee ids", "提名步骤输出的顺序，与表单 result1…result5 对应。", "In nomination order, matching result1…result5.", required: true),
            In("Assessment", "Object", "考核表单", "Assessment", "{result1…result5: 合格/不合格, comment1…comment5}", "{result1…5: pass/fail, comment1…5}", "json-editor", required: true),
        ],
        [Out("Failed", "String", "不合格人选", "Failed"), Out("Message", "String", "说明", "Message")],
        ("AllPassed", "全部合格", "All passed"), ("NeedsReplacement", "需替换", "Needs replacement"), ("Invalid", "结果不完整", "Incomplete"));

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var branch = await BranchAsync(db, await RequiredStringAsync(context, "BranchId"), context.CancellationToken);
        var ids = ValueConversion.ToStringList(await context.EvaluateInputAsync("NomineeIds"));
        var form = await ObjectAsync(context, "Assessment");
        var partyBranch = await NominatePartyBranchActivity.PartyBranchAsync(context, db, branch);
        var results = new List<(PartyBranchMember Member, bool Passed, string? Comment)>();
        var missing = new List<int>();
        for (var i = 0; i < ids.Count; i++)
        {
            var member = partyBranch.Members.FirstOrDefault(m => m.PersonId == ids[i]);
            var passed = ParseResult(form, $"result{i + 1}");
            if (member is null || passed is null)
            {
                missing.Add(i + 1);
                continue;
            }

            results.Add((member, passed.Value, Text(form, $"comment{i + 1}")));
        }

        if (missing.Count > 0)
        {
            var message = $"第 {string.Join("、", missing)} 名人选没有考核结果 / no result for nominee(s) {string.Join(", ", missing)}";
            context.SetOutput("Message", message);
            return "Invalid";
        }

        foreach (var (member, passed, comment) in results)
        {
            member.AssessmentPassed = passed;
            member.AssessmentComment = comment ?? (passed ? "考核合格" : "考核不合格");
        }

        var failedIds = results.Where(r => !r.Passed).Select(r => r.Member.PersonId).ToList();
        var failedNames = new List<string>();
        foreach (var id in failedIds)
        {
            failedNames.Add((await db.Set<Person>().FindAsync([id], context.CancellationToken))?.Name ?? id);
        }

        var failed = string.Join("、", failedNames);
        context.SetOutput("Failed", failed);
        context.SetOutput("Message", failedIds.Count == 0 ? "全部人选考核合格" : $"考核不合格，须替换：{failed}");
        context.JournalMessage = failedIds.Count == 0 ? "全部人选考核合格" : $"考核不合格：{failed}";
        return failedIds.Count == 0 ? "AllPassed" : "NeedsReplacement";
    }

    private static bool? ParseResult(JsonObject form, string name)
    {
        if (!form.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return node.GetValue<bool>();
        }

        return ValueConversion.ToText(node)?.Trim().ToLowerInvariant() switch
        {
            "合格" or "通过" or "pass" or "passed" or "true" => true,
            "不合格" or "不通过" or "fail" or "failed" or "false" => false,
            _ => null,
        };
    }
}

/// <summary>
/// P2 steps 3–4: the party committee appoints the committee (GovernanceRules.CheckPartyBranchCommittee): five
/// members, all assessed and passed, and 一岗双责 — a chair who is a party member is the secretary; otherwise
/// the secretary is one of the five and the reason is recorded. The party branch is recorded against the branch.
/// </summary>
public sealed class AppointPartyBranchActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "AppointPartyBranch", AssociationCategories.PartyBranch, "任命特设党支部委员会", "Appoint party-branch committee",
        "检查 5 名委员均考核合格，按“一岗双责”确定书记（主任委员是党员的由其兼任；否则从 5 名委员中选定并记录理由），任命并登记特设党支部。",
        "Checks five passed members and 一岗双责 (001 §4), then records the appointed party branch against the branch.",
        [
            In("BranchId", "String", "分会编号", "Branch id", required: true),
            In("Secretary", "String", "书记人选", "Secretary", "主任委员非党员时，从 5 名委员中选定（人员编号或姓名）。", "When the chair is not a party member: one of the five (id or name)."),
            In("SecretaryReason", "String", "选定理由", "Reason", "主任委员非党员时必填。", "Required when the chair is not a party member.", "multiline"),
        ],
        [Out("Result", "Object", "检查结果", "Result"), Out("SecretaryName", "String", "书记", "Secretary"), Out("MemberNames", "String", "委员", "Members"), Out("Message", "String", "说明", "Message")],
        ("Appointed", "已任命", "Appointed"), ("Invalid", "不符合任命条件", "Invalid"));

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var ct = context.CancellationToken;
        var today = Today(context);
        var branch = await BranchAsync(db, await RequiredStringAsync(context, "BranchId"), ct);
        var partyBranch = await NominatePartyBranchActivity.PartyBranchAsync(context, db, branch);
        var chair = await ChairAsync(db, branch.Id, today, ct);
        var chairIsPartyMember = chair?.Person.PartyMember ?? false;
        var people = new Dictionary<string, Person>(StringComparer.Ordinal);
        foreach (var member in partyBranch.Members)
        {
            if (await db.Set<Person>().FindAsync([member.PersonId], ct) is { } person)
            {
                people[person.Id] = person;
            }
        }

        string? secretaryId;
        string? reason;
        if (chairIsPartyMember)
        {
            secretaryId = chair!.Value.Person.Id;
            reason = null;
        }
        else
        {
            var given = await OptionalStringAsync(context, "Secretary");
            secretaryId = given is null ? null : people.Values.FirstOrDefault(p => p.Id == given || p.Name == given)?.Id ?? given;
            reason = await OptionalStringAsync(context, "SecretaryReason");
        }

        var check = GovernanceRules.CheckPartyBranchCommittee(new PartyBranchCommitteeInput
        {
            Members = partyBranch.Members.Select(m => new PartyBranchNominee(m.PersonId, m.AssessmentPassed)).ToList(),
            ChairPersonId = chair?.Person.Id,
            ChairIsPartyMember = chairIsPartyMember,
            SecretaryPersonId = secretaryId,
            SecretaryReason = reason,
        }, Thresholds(context));
        context.SetOutput("Result", ToNode(check));
        if (!check.Eligible)
        {
            var message = string.Join("；", check.Failures.Select(f => f.Message));
            context.SetOutput("Message", message);
            context.JournalMessage = message;
            return "Invalid";
        }

        foreach (var member in partyBranch.Members)
        {
            member.Role = member.PersonId == secretaryId ? PartyBranchRole.Secretary : PartyBranchRole.Member;
            member.AppointedOn ??= today;
        }

        partyBranch.SecretaryPersonId = secretaryId;
        partyBranch.SecretaryIsBranchChair = chairIsPartyMember;
        partyBranch.SecretaryReason = chairIsPartyMember ? null : reason;
        partyBranch.EstablishedOn ??= today;

        var secretaryName = people.TryGetValue(secretaryId!, out var s) ? s.Name : secretaryId!;
        var names = string.Join("、", partyBranch.Members.Select(m => people.TryGetValue(m.PersonId, out var p) ? p.Name : m.PersonId));
        var summary = chairIsPartyMember
            ? $"{partyBranch.Name}成立：书记{secretaryName}（主任委员兼任，一岗双责），委员{names}"
            : $"{partyBranch.Name}成立：书记{secretaryName}（主任委员非党员，理由：{reason}），委员{names}";
        await RecordAsync(context, db, branch.Id, BranchRecordKind.PartyBranchAppointed, null, summary,
            new { partyBranchId = partyBranch.Id, secretary = secretaryName, secretaryIsChair = chairIsPartyMember, reason, members = names });
        context.SetOutput("SecretaryName", secretaryName);
        context.SetOutput("MemberNames", names);
        context.SetOutput("Message", summary);
        context.JournalMessage = summary;
        return "Appointed";
    }
}
