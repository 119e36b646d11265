using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Association.Json;
using Workflows.Association.Rules;
using Workflows.Association.Rules.Validation;
using Workflows.Engine.Activities;
using Workflows.Engine.Execution;
using Workflows.Runtime.Persistence;
using static Workflows.Engine.Activities.Describe;

namespace Workflows.Association.Activities;

/// <summary>Builds rule inputs from the register (the database) for the checks the processes run.</summary>
public static class RuleInputs
{
    /// <summary>The branches counting against the cap and the occupied clinic categories (001 §8, 000 §4.1).</summary>
    /// <summary>A stored activity request as the pre-approval rules read it (000 §6.3).</summary>
    public static ActivityPreApprovalInput ActivityInput(ActivityApplication application, BranchStatus branchStatus) => new()
    {
        Type = application.Type,
        BranchStatus = branchStatus,
        StartsAt = new DateTimeOffset(application.StartsAtUtc, TimeSpan.Zero),
        EndsAt = new DateTimeOffset(application.EndsAtUtc, TimeSpan.Zero),
        Budget = application.Budget,
        InvolvesFunds = application.InvolvesFunds,
    };

    public static async Task<BranchFoundingContext> FoundingContextAsync(WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var branches = await db.Set<Branch>().AsNoTracking().Select(b => new Branch { Id = b.Id, Kind = b.Kind, Status = b.Status, ClinicCategory = b.ClinicCategory }).ToListAsync(cancellationToken);
        return BranchFoundingContext.From(branches);
    }

    /// <summary>
    /// The founding-check input of a stored application: the chair unit's grade and key specialties in the
    /// application's discipline and the chair person's title come from the register, so the check sees facts,
    /// not what the applicant typed. The chair person is the proposed one, or the winner of the selection.
    /// </summary>
    public static async Task<BranchFoundingInput> FoundingInputAsync(WorkflowsDbContext db, FoundingApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        ChairUnitInfo? unitInfo = null;
        if (application.ProposedChairUnitId is { } unitId
            && await db.Set<MemberUnit>().Include(u => u.KeySpecialties).FirstOrDefaultAsync(u => u.Id == unitId, cancellationToken) is { } unit)
        {
            var specialties = unit.KeySpecialties
                .Where(s => application.Discipline is null || s.Name == application.Discipline)
                .ToList();
            unitInfo = new ChairUnitInfo
            {
                Grade = unit.HospitalGrade ?? HospitalGrade.Other,
                SpecialtyHospital = unit.IsSpecialtyHospital,
                KeyDiscipline = specialties.Count > 0,
                MunicipalKeySpecialty = specialties.Any(s => s.Level is KeySpecialtyLevel.National or KeySpecialtyLevel.Municipal),
                RegionalKeyDiscipline = specialties.Any(s => s.Level == KeySpecialtyLevel.Regional),
            };
        }

        ChairPersonInfo? personInfo = null;
        if (application.ProposedChairPersonId is { } personId && await db.Set<Person>().FindAsync([personId], cancellationToken) is { } person)
        {
            personInfo = new ChairPersonInfo { Title = person.Title, Professor = person.Professor, Supervisor = person.Supervisor };
        }

        return new BranchFoundingInput
        {
            Kind = application.Kind,
            ClinicCategory = application.ClinicCategory,
            SecondLevelDiscipline = application.SecondLevelDiscipline,
            UnitsWithDepartment = application.UnitsWithDepartment,
            ChairUnit = unitInfo,
            ChairPerson = personInfo,
            FundingCommitment = application.FundingCommitment,
            Committee = application.Kind == BranchKind.Clinic && application.CommitteeSize is { } size
                ? new CommitteeInfo { Size = size, DistrictsCovered = application.DistrictsCovered ?? 0, StandingMembersPerDistrict = application.StandingMembersPerDistrict ?? 0 }
                : null,
        };
    }

    /// <summary>
    /// The full founding check of an application (stored or still a form): the founding thresholds, and for a clinic
    /// branch each proposed office holder against 000 §4.3, every rule prefixed with the person and post.
    /// </summary>
    public static async Task<RuleCheckResult> CheckFoundingAsync(
        WorkflowsDbContext db, FoundingApplication application, IEnumerable<FoundingOfficeHolder> holders, BranchFoundingContext foundingContext,
        DateOnly today, RuleThresholds thresholds, CancellationToken ct)
    {
        var input = await FoundingInputAsync(db, application, ct);
        var rules = BranchFoundingRules.Check(input, foundingContext, thresholds).Rules.ToList();
        if (application.Kind != BranchKind.Clinic)
        {
            return new RuleCheckResult(rules);
        }

        foreach (var holder in holders.OrderByDescending(h => h.Position))
        {
            var person = await db.Set<Person>().FindAsync([holder.PersonId], ct);
            var who = $"{person?.Name ?? holder.PersonId}（{holder.Position.Zh()}）";
            var candidate = await OfficeHolderCandidateAsync(db, holder.PersonId, holder.MemberUnitId, today, thresholds, ct);
            if (candidate is null)
            {
                rules.Add(RuleResult.Hard(RuleNames.LicensedPhysician, "000 §4.3", false, $"{who}：名册中没有其诊所资料，无法核对任职条件", $"{who}: no clinic on record to check"));
                continue;
            }

            foreach (var rule in OfficeHolderRules.Check(new OfficeHolderCheckInput(holder.Position, candidate), thresholds).Rules.Where(r => r.Kind != RuleKind.Confirm))
            {
                rules.Add(rule with { Message = $"{who}：{rule.Message}", MessageEn = $"{person?.Name ?? holder.PersonId} ({holder.Position}): {rule.MessageEn}" });
            }
        }

        return new RuleCheckResult(rules);
    }

    /// <summary>An office-holder candidate of a clinic branch from the register: the person and their clinic (000 §4.3).</summary>
    public static async Task<OfficeHolderCandidate?> OfficeHolderCandidateAsync(WorkflowsDbContext db, string personId, string? memberUnitId, DateOnly today, RuleThresholds thresholds, CancellationToken cancellationToken)
    {
        var person = await db.Set<Person>().FindAsync([personId], cancellationToken);
        var unitId = memberUnitId ?? person?.MemberUnitId;
        if (person is null || unitId is null)
        {
            return null;
        }

        var clinic = await db.Set<MemberUnit>().Include(u => u.Inspections).Include(u => u.Revenues).FirstOrDefaultAsync(u => u.Id == unitId, cancellationToken);
        if (clinic is null)
        {
            return null;
        }

        var pledged = await db.Set<IntegrityPledge>().AnyAsync(p => p.MemberUnitId == unitId && p.RevokedOn == null, cancellationToken);
        return OfficeHolderCandidate.FromRecords(person, clinic, pledged, today.Year, thresholds);
    }
}

/// <summary>The office-holder qualification check of clinic branches (000 §4.3), from given data or from the register.</summary>
public sealed class CheckOfficeHolderActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "CheckOfficeHolder", AssociationCategories.Rules, "任职资格检查", "Office-holder check",
        "按诊所分会任职条件（000 §4.3）逐条检查委员、常务委员、副主任委员或主任委员人选；“原则上”条款只提示，须审核人确认。可直接给出候选人数据，或给出人员编号从名册读取。",
        "Checks a clinic-branch office-holder candidate against 000 §4.3, from given data or from the register; 'in principle' rules only warn.",
        [
            In("Position", "String", "职务", "Position", "member / standing / viceChair / chair", "member / standing / viceChair / chair", "dropdown",
                Dropdown(("member", "委员"), ("standing", "常务委员"), ("viceChair", "副主任委员"), ("chair", "主任委员")), required: true),
            In("Candidate", "Object", "候选人数据", "Candidate", "与接口 /api/rules/office-holder-check 的 candidate 相同。", "As the candidate of /api/rules/office-holder-check.", "json-editor"),
            In("PersonId", "String", "人员编号", "Person id", "从名册读取候选人（不填“候选人数据”时）。", "Read the candidate from the register."),
            In("MemberUnitId", "String", "所在诊所", "Clinic", "候选人代表的诊所；留空取其所在单位。", "The clinic the candidate represents; defaults to their unit."),
        ],
        CheckOutputs, CheckOutcomes);

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var thresholds = Thresholds(context);
        var position = await RequiredStringAsync(context, "Position");
        var candidate = await context.EvaluateInputAsync("Candidate");
        RuleCheckResult result;
        if (candidate is JsonObject given && given.Count > 0)
        {
            var parsed = RuleInputParser.ParseOfficeHolder(new JsonObject { ["position"] = position, ["candidate"] = given.DeepClone() });
            if (!parsed.IsValid)
            {
                throw new ActivityFaultException("任职资格检查的输入有误：" + string.Join("；", parsed.Errors.Select(e => e.ToString())) + " / invalid candidate data");
            }

            result = OfficeHolderRules.Check(parsed.Value!, thresholds);
        }
        else
        {
            if (!EnumWire.TryFromWire<OfficePosition>(position, out var pos))
            {
                throw new ActivityFaultException($"职务 {position} 无效，应为 member、standing、viceChair 或 chair。 / Unknown position {position}.");
            }

            var personId = await RequiredStringAsync(context, "PersonId");
            var built = await RuleInputs.OfficeHolderCandidateAsync(Db(context), personId, await OptionalStringAsync(context, "MemberUnitId"), Today(context), thresholds, context.CancellationToken)
                ?? throw new ActivityFaultException($"名册中没有人员 {personId} 或其诊所。 / Person {personId} or their clinic is not in the register.");
            result = OfficeHolderRules.Check(new OfficeHolderCheckInput(pos, built), thresholds);
        }

        return SetCheckOutputs(context, result);
    }
}

/// <summary>
/// The founding thresholds of P1 (001 §8, §9; 000 §4.1, §4.2.2), counting branches against the cap in the
/// database; for a stored clinic-branch application also each proposed office holder (000 §4.3).
/// </summary>
public sealed class CheckBranchFoundingActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "CheckBranchFounding", AssociationCategories.Rules, "分会成立条件检查", "Branch founding check",
        "自动检查分会成立门槛：总数不超过 50 个（001 §8）、二级学科 35 家（001 §9(2)）、主委单位与人选（001 §9(1)，原则上）、经费承诺、诊所分会类别与委员会人数（000 §4.1、§4.2.2）；诊所分会还逐人检查拟任人员（000 §4.3）。",
        "Checks the founding thresholds (001 §8–9, 000 §4.1–4.3) and counts existing branches against the cap from the database.",
        [
            In("ApplicationId", "String", "筹建申请编号", "Application id", "检查已登记的筹建申请（主委单位与人选从名册读取）。", "Check a registered founding application."),
            In("Input", "Object", "检查数据", "Input", "或直接给出与 /api/rules/branch-founding-check 相同的数据。", "Or data shaped as for /api/rules/branch-founding-check.", "json-editor"),
        ],
        CheckOutputs, CheckOutcomes);

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var thresholds = Thresholds(context);
        var ct = context.CancellationToken;
        var foundingContext = await RuleInputs.FoundingContextAsync(db, ct);
        var applicationId = await OptionalStringAsync(context, "ApplicationId");
        if (applicationId is null)
        {
            var parsed = RuleInputParser.ParseBranchFounding(await context.EvaluateInputAsync("Input"), thresholds);
            if (!parsed.IsValid)
            {
                throw new ActivityFaultException("分会成立条件检查的输入有误：" + string.Join("；", parsed.Errors.Select(e => e.ToString())) + " / invalid founding data");
            }

            return SetCheckOutputs(context, BranchFoundingRules.Check(parsed.Value!, foundingContext, thresholds));
        }

        var application = await RequireAsync<FoundingApplication>(db, applicationId, "筹建申请", ct);
        var holders = await db.Set<FoundingOfficeHolder>().AsNoTracking().Where(h => h.FoundingApplicationId == application.Id).ToListAsync(ct);
        var result = await RuleInputs.CheckFoundingAsync(db, application, holders, foundingContext, Today(context), thresholds, ct);
        return SetCheckOutputs(context, result);
    }
}

/// <summary>The automatic checks before the leadership group sees an activity request (P4 step 2, 000 §6.3).</summary>
public sealed class CheckActivityApplicationActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "CheckActivityApplication", AssociationCategories.Rules, "活动申请自动检查", "Activity request check",
        "检查分会状态正常、开始时间在将来、涉及资金的事项已填预算（000 §6.3），并给出审批方式：招商招展和集中采购须领导小组全体会签，其他一人签批。",
        "Checks the branch is active, the start lies ahead and a budget is given where money moves (000 §6.3); says whether all group members must sign.",
        [In("ApplicationId", "String", "活动申请编号", "Application id", required: true)],
        [.. CheckOutputs, Out("Countersign", "String", "签批方式（all/any）", "Signing (all/any)")],
        ("Eligible", "符合", "Eligible"), ("Ineligible", "不符合", "Ineligible"));

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var application = await RequireAsync<ActivityApplication>(db, await RequiredStringAsync(context, "ApplicationId"), "活动申请", context.CancellationToken);
        var branch = await BranchAsync(db, application.BranchId, context.CancellationToken);
        var result = ActivityRules.CheckPreApproval(RuleInputs.ActivityInput(application, branch.Status), context.Now);
        context.SetOutput("Countersign", EnumWire.ToWire(ActivityRules.ApprovalMode(application.Type)));
        return SetCheckOutputs(context, result) == "Ineligible" ? "Ineligible" : "Eligible";
    }
}

/// <summary>The 6-point warning of bad-practice points (003): records points and checks the total of the last twelve months.</summary>
public sealed class RecordBadPracticeActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "RecordBadPractice", AssociationCategories.Rules, "登记不良执业积分", "Record bad-practice points",
        "登记一条不良执业行为积分，并累计近 12 个月积分；达到 6 分实施警示（003）。",
        "Records bad-practice points and totals the last twelve months; 6 points mean a warning (003).",
        [
            In("MemberUnitId", "String", "机构编号", "Institution", required: true),
            In("Points", "Int32", "积分", "Points", required: true),
            In("Description", "String", "行为说明", "Description", uiHint: "multiline", required: true),
        ],
        [Out("TotalPoints", "Int32", "累计积分", "Total points"), Out("Result", "Object", "检查结果", "Result"), Out("UnitName", "String", "机构名称", "Institution name")],
        ("Warning", "达到警示线", "Warning"), ("BelowThreshold", "未达警示线", "Below threshold"));

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var ct = context.CancellationToken;
        var unit = await RequireAsync<MemberUnit>(db, await RequiredStringAsync(context, "MemberUnitId"), "机构", ct);
        var points = (int)(await context.GetNumberAsync("Points") ?? 0);
        if (points <= 0)
        {
            throw new ActivityFaultException("积分必须为正整数。 / Points must be positive.");
        }

        var description = await RequiredStringAsync(context, "Description");
        var today = Today(context);
        var key = $"bp-{context.InstanceId}-{context.Node.Id}";
        if (await FindAsync<BadPracticeRecord>(db, r => r.Id == key, ct) is null)
        {
            db.Add(new BadPracticeRecord { Id = key, MemberUnitId = unit.Id, OccurredOn = today, Points = points, Description = description.Length > 1000 ? description[..1000] : description });
        }

        var since = today.AddYears(-1);
        var stored = await db.Set<BadPracticeRecord>().AsNoTracking().Where(r => r.MemberUnitId == unit.Id && r.OccurredOn > since && r.Id != key).ToListAsync(ct);
        var total = SupervisionRules.TotalPoints(stored) + points;
        var result = SupervisionRules.CheckBadPractice(total, Thresholds(context));
        context.SetOutput("TotalPoints", total);
        context.SetOutput("Result", ToNode(result));
        context.SetOutput("UnitName", unit.Name);
        context.JournalMessage = result.Rules[0].Message;
        return result.Warning ? "Warning" : "BelowThreshold";
    }
}

internal static class ActivityDescriptors
{
    public static JsonObject StatusDropdown<TEnum>(Func<TEnum, string> label)
        where TEnum : struct, Enum =>
        Dropdown(Enum.GetValues<TEnum>().Select(v => (EnumWire.ToWire(v), label(v))).ToArray());
}
