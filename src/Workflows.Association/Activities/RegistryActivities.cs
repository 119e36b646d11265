using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Association.Json;
using Workflows.Association.Rules;
using Workflows.Engine.Activities;
using Workflows.Engine.Execution;
using static Workflows.Engine.Activities.Describe;

namespace Workflows.Association.Activities;

/// <summary>Adds a line to a branch's history (founding meeting, notes the secretariat keeps).</summary>
public sealed class RecordBranchEventActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "RecordBranchEvent", AssociationCategories.Registry, "记入分会档案", "Record branch event",
        "在分会档案中记录一条事项（如成立大会的时间地点）。", "Adds a line to the branch's history (e.g. the founding meeting).",
        [
            In("BranchId", "String", "分会编号", "Branch id", required: true),
            In("Kind", "String", "类别", "Kind", "", "", "dropdown", ActivityDescriptors.StatusDropdown<BranchRecordKind>(k => k.ToString()), required: true),
            In("Summary", "String", "内容", "Summary", uiHint: "multiline", required: true),
            In("Year", "Int32", "所属年度", "Year"),
        ],
        []);

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var branch = await BranchAsync(db, await RequiredStringAsync(context, "BranchId"), context.CancellationToken);
        var kindText = await RequiredStringAsync(context, "Kind");
        if (!EnumWire.TryFromWire<BranchRecordKind>(kindText, out var kind))
        {
            throw new ActivityFaultException($"类别 {kindText} 无效。 / Unknown kind {kindText}.");
        }

        var summary = await RequiredStringAsync(context, "Summary");
        await RecordAsync(context, db, branch.Id, kind, (int?)await context.GetNumberAsync("Year"), summary, null);
        context.JournalMessage = summary;
        return Done;
    }
}

/// <summary>The integrity pledge (诚信自律倡议书, 000 §4.2.3): a clinic signs; it is listed publicly.</summary>
public sealed class RecordIntegrityPledgeActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "RecordIntegrityPledge", AssociationCategories.Registry, "登记诚信自律承诺", "Record integrity pledge",
        "登记诊所与协会签订的《诚信自律倡议书》并在协会网站公示（000 §4.2.3）；已签订且未撤销的不重复登记。",
        "Records the clinic's signed integrity pledge and lists it publicly (000 §4.2.3).",
        [In("MemberUnitId", "String", "诊所编号", "Clinic", required: true), In("SignatoryName", "String", "签署人", "Signatory", required: true)],
        [Out("PledgeId", "String", "承诺书编号", "Pledge id"), Out("UnitName", "String", "诊所名称", "Clinic name")],
        ("Signed", "已登记", "Signed"), ("AlreadySigned", "此前已签订", "Already signed"));

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var ct = context.CancellationToken;
        var unit = await RequireAsync<MemberUnit>(db, await RequiredStringAsync(context, "MemberUnitId"), "会员单位", ct);
        var signatory = await RequiredStringAsync(context, "SignatoryName");
        context.SetOutput("UnitName", unit.Name);
        var id = $"ip-{context.InstanceId}";
        var existing = await FindAsync<IntegrityPledge>(db, p => p.MemberUnitId == unit.Id && p.RevokedOn == null, ct);
        if (existing is not null && existing.Id != id)
        {
            context.SetOutput("PledgeId", existing.Id);
            return "AlreadySigned";
        }

        if (existing is null)
        {
            db.Add(new IntegrityPledge { Id = id, MemberUnitId = unit.Id, SignedOn = Today(context), SignatoryName = signatory, PublishedOnWebsite = true });
        }

        context.SetOutput("PledgeId", id);
        context.JournalMessage = $"{unit.Name}签订诚信自律倡议书（签署人 {signatory}），已公示";
        return "Signed";
    }
}

/// <summary>Expert-pool intake (002 §3.2–3.3): a nomination is checked and, if qualified, entered as nominated.</summary>
public sealed class NominateExpertActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "NominateExpert", AssociationCategories.Registry, "登记专家推荐", "Record expert nomination",
        "登记会员单位或分会向组织工作委员会推荐的专家（002 §3.2）：评审专家须副高以上职称满 5 年；特邀顾问、核心专家（002 §3.3）可为会外人员，由审核人确认其知名度。",
        "Records a nomination; review experts need an associate senior title held ≥ 5 years (002 §3.2); consultants (002 §3.3) are confirmed by the reviewer.",
        [
            In("PersonId", "String", "人员编号", "Person id", required: true),
            In("Specialty", "String", "专业", "Specialty", required: true),
            In("Source", "String", "推荐来源", "Source", "", "", "dropdown", ActivityDescriptors.StatusDropdown<ExpertNominationSource>(s => s.ToString()), defaultValue: "memberUnit"),
            In("Consultant", "Boolean", "咨询专家", "Consultant", uiHint: "checkbox", defaultValue: false),
            In("NominatedByUnitId", "String", "推荐单位", "Nominating unit"),
            In("NominatedByBranchId", "String", "推荐分会", "Nominating branch"),
        ],
        [.. CheckOutputs, Out("ExpertId", "String", "专家编号", "Expert id"), Out("PersonName", "String", "姓名", "Name")],
        ("Eligible", "符合", "Eligible"), ("Ineligible", "不符合", "Ineligible"), ("AlreadyInPool", "已在库", "Already in pool"));

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var ct = context.CancellationToken;
        var person = await RequireAsync<Person>(db, await RequiredStringAsync(context, "PersonId"), "人员", ct);
        context.SetOutput("PersonName", person.Name);
        var consultant = await context.GetBoolAsync("Consultant");
        var id = $"ex-{context.InstanceId}";
        var existing = await FindAsync<Expert>(db, e => e.PersonId == person.Id, ct);
        if (existing is not null && existing.Id != id)
        {
            context.SetOutput("ExpertId", existing.Id);
            return "AlreadyInPool";
        }

        var result = ExpertRules.CheckQualification(new ExpertQualificationInput { Title = person.Title, TitleYear = person.TitleYear, Consultant = consultant }, Today(context).Year, Thresholds(context));
        var outcome = SetCheckOutputs(context, result);
        if (!result.Eligible)
        {
            return "Ineligible";
        }

        var unitId = await OptionalStringAsync(context, "NominatedByUnitId");
        var branchId = await OptionalStringAsync(context, "NominatedByBranchId");
        if (unitId is not null && await db.Set<MemberUnit>().FindAsync([unitId], ct) is null)
        {
            throw new ActivityFaultException($"推荐单位 {unitId} 不存在。 / Unit {unitId} does not exist.");
        }

        if (branchId is not null && await db.Set<Branch>().FindAsync([branchId], ct) is null)
        {
            throw new ActivityFaultException($"推荐分会 {branchId} 不存在。 / Branch {branchId} does not exist.");
        }

        if (existing is null)
        {
            existing = new Expert { Id = id, PersonId = person.Id, Status = ExpertStatus.Nominated };
            db.Add(existing);
        }

        existing.Specialty = await RequiredStringAsync(context, "Specialty");
        existing.Title = person.Title;
        existing.TitleYear = person.TitleYear;
        existing.IsConsultant = consultant;
        existing.IsExternal = person.MemberUnitId is null;
        existing.NominationSource = EnumWire.TryFromWire<ExpertNominationSource>(await OptionalStringAsync(context, "Source"), out var source) ? source : ExpertNominationSource.MemberUnit;
        existing.NominatedByUnitId = unitId;
        existing.NominatedByBranchId = branchId;
        context.SetOutput("ExpertId", existing.Id);
        return outcome == "Ineligible" ? "Ineligible" : "Eligible";
    }
}

/// <summary>Admits a nominated expert to the pool, or retires one.</summary>
public sealed class SetExpertStatusActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "SetExpertStatus", AssociationCategories.Registry, "专家入库/退出", "Set expert status",
        "经组织工作委员会审核后入库（active），或退出专家库（retired）。", "Admits (active) or retires an expert.",
        [
            In("ExpertId", "String", "专家编号", "Expert id", required: true),
            In("Status", "String", "状态", "Status", "", "", "dropdown", ActivityDescriptors.StatusDropdown<ExpertStatus>(s => s.ToString()), required: true),
        ],
        []);

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var expert = await RequireAsync<Expert>(db, await RequiredStringAsync(context, "ExpertId"), "专家", context.CancellationToken);
        var text = await RequiredStringAsync(context, "Status");
        if (!EnumWire.TryFromWire<ExpertStatus>(text, out var status))
        {
            throw new ActivityFaultException($"状态 {text} 无效。 / Unknown status {text}.");
        }

        expert.Status = status;
        if (status == ExpertStatus.Active)
        {
            expert.AdmittedOn ??= Today(context);
        }

        return Done;
    }
}

/// <summary>The review center's leader unit (组长单位, 002 §3.4): in principle a tertiary hospital, for three years.</summary>
public sealed class RecordLeaderUnitTermActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "RecordLeaderUnitTerm", AssociationCategories.QualityReview, "登记组长单位任期", "Record leader-unit term",
        "登记评审评价中心组长单位及任期：原则上为三级综合或三级专科医院，三年一周期（002 §3.4）；输出任期届满日与提醒时间（届满前 90 天）。",
        "Records the center's leader unit: in principle a tertiary hospital, three-year terms (002 §3.4); outputs the term end and a reminder 90 days before.",
        [In("MemberUnitId", "String", "组长单位", "Leader unit", required: true), In("TermStart", "DateTimeOffset", "任期开始", "Term start", uiHint: "datetime-picker", required: true)],
        [Out("TermEnd", "String", "任期届满日", "Term end"), Out("RemindAt", "DateTimeOffset", "换届提醒时间", "Remind at"), Out("Warning", "String", "提示", "Warning"), Out("UnitName", "String", "单位名称", "Unit name")],
        ("Recorded", "已登记", "Recorded"), ("Invalid", "任期冲突", "Invalid"));

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var ct = context.CancellationToken;
        var unit = await RequireAsync<MemberUnit>(db, await RequiredStringAsync(context, "MemberUnitId"), "会员单位", ct);
        var startAt = await context.GetDateTimeAsync("TermStart") ?? throw new ActivityFaultException("缺少任期开始日期。 / No term start.");
        var start = DateOnly.FromDateTime(startAt.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var end = SupervisionRules.LeaderUnitTermEnd(start, Thresholds(context));
        context.SetOutput("UnitName", unit.Name);
        var id = $"lt-{context.InstanceId}";
        var existing = await FindAsync<CenterLeaderTerm>(db, t => t.TermStart == start, ct);
        if (existing is not null && existing.Id != id)
        {
            context.JournalMessage = $"{ZhDate(start)}开始的任期已登记";
            return "Invalid";
        }

        if (existing is null)
        {
            db.Add(new CenterLeaderTerm { Id = id, MemberUnitId = unit.Id, TermStart = start, TermEnd = end, SelectedAtUtc = UtcNow(context), WorkflowInstanceId = context.InstanceId });
        }

        var warning = unit.HospitalGrade == HospitalGrade.Tertiary ? null : $"{unit.Name}不是三级医院；组长单位原则上为三级综合或三级专科医院（002 §3.4）";
        context.SetOutput("TermEnd", ZhDate(end));
        context.SetOutput("RemindAt", Iso(EndOfDay(end).AddDays(-90)));
        context.SetOutput("Warning", warning);
        context.JournalMessage = $"组长单位 {unit.Name}，任期 {ZhDate(start)} 至 {ZhDate(end)}" + (warning is null ? "" : "；" + warning);
        return "Recorded";
    }
}

/// <summary>The annual evaluation report's due date, 15 December of the year (004 §3), from the thresholds file.</summary>
public sealed class AnnualReportDueActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "AnnualReportDue", AssociationCategories.Registry, "年度评价报告截止日", "Annual report due date",
        "计算某年度评价报告的报送截止日（每年 12 月 15 日，004 §3，日期取自规则阈值文件）。", "The annual evaluation report is due on 15 December (004 §3).",
        [In("Year", "Int32", "年度", "Year", "留空为当年。", "Defaults to this year.")],
        [Out("DueAt", "DateTimeOffset", "截止时间", "Due at"), Out("DueText", "String", "截止日期", "Due date"), Out("ReportYear", "Int32", "年度", "Year")]);

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var year = (int?)await context.GetNumberAsync("Year") ?? Today(context).Year;
        var due = SupervisionRules.AnnualReportDueDate(year, Thresholds(context));
        context.SetOutput("DueAt", Iso(EndOfDay(due)));
        context.SetOutput("DueText", ZhDate(due));
        context.SetOutput("ReportYear", year);
        return Done;
    }
}
