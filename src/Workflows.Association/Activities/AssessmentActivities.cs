using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Association.Json;
using Workflows.Association.Rules;
using Workflows.Engine.Activities;
using Workflows.Engine.Execution;
using Workflows.Runtime.Persistence;
using static Workflows.Engine.Activities.Describe;

namespace Workflows.Association.Activities;

/// <summary>P3 step 1: opens the year's three-responsibility assessment of a branch (one per branch and year).</summary>
public sealed class OpenAssessmentActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "OpenAssessment", AssociationCategories.Assessment, "开启年度考核", "Open annual assessment",
        "为分会开启某一年度的三个责任制综合考核（001 §7、000 §6.2），每个分会每年一次；年度默认为上一年。已由其他流程办理或已确认的，走“跳过”。",
        "Opens the branch's assessment for the year (001 §7), one per branch and year; the year defaults to last year.",
        [In("BranchId", "String", "分会编号", "Branch id", required: true), In("Year", "Int32", "考核年度", "Year", "留空为上一年。", "Defaults to last year.")],
        [
            Out("AssessmentId", "String", "考核编号", "Assessment id"), Out("AssessmentYear", "Int32", "考核年度", "Year"), Out("Title", "String", "考核名称", "Title"),
            Out("BranchName", "String", "分会名称", "Branch"), Out("ChairName", "String", "主任委员", "Chair"), Out("ChairUserName", "String", "主任委员用户名", "Chair user"),
        ],
        ("Opened", "已开启", "Opened"), ("Skipped", "跳过", "Skipped"));

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var ct = context.CancellationToken;
        var today = Today(context);
        var branch = await BranchAsync(db, await RequiredStringAsync(context, "BranchId"), ct);
        var year = (int?)await context.GetNumberAsync("Year") ?? today.Year - 1;
        if (year < 2000 || year > today.Year)
        {
            throw new ActivityFaultException($"考核年度 {year} 无效。 / Invalid year {year}.");
        }

        var chair = await ChairAsync(db, branch.Id, today, ct);
        var title = $"{branch.Name}{year}年度三个责任制综合考核";
        context.SetOutput("AssessmentYear", year);
        context.SetOutput("Title", title);
        context.SetOutput("BranchName", branch.Name);
        context.SetOutput("ChairName", chair?.Person.Name);
        context.SetOutput("ChairUserName", chair?.Person.UserName);

        var assessment = await FindAsync<Assessment>(db, a => a.BranchId == branch.Id && a.Year == year, ct);
        if (assessment is not null && assessment.WorkflowInstanceId != context.InstanceId
            && (assessment.WorkflowInstanceId is not null || assessment.Status is not AssessmentStatus.Opened))
        {
            context.SetOutput("AssessmentId", assessment.Id);
            context.JournalMessage = $"{title}已由其他流程办理（{assessment.Status}），跳过";
            return "Skipped";
        }

        if (branch.Status is not (BranchStatus.Active or BranchStatus.UnderRectification))
        {
            context.JournalMessage = $"{branch.Name}状态为{branch.Status.Zh()}，不参加考核";
            return "Skipped";
        }

        if (assessment is null)
        {
            assessment = new Assessment { Id = $"as-{context.InstanceId}", BranchId = branch.Id, Year = year, Status = AssessmentStatus.Opened };
            db.Add(assessment);
        }

        assessment.WorkflowInstanceId = context.InstanceId;
        context.SetOutput("AssessmentId", assessment.Id);
        context.JournalMessage = $"{title}已开启";
        return "Opened";
    }
}

/// <summary>P3 step 2: the branch's self-assessment, a score (0–100) and evidence for each of the three parts.</summary>
public sealed class RecordSelfAssessmentActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "RecordSelfAssessment", AssociationCategories.Assessment, "登记分会自评", "Record self-assessment",
        "登记分会对年度目标责任制、意识形态责任制、党风廉政建设责任制三部分的自评分（0–100）和佐证材料。",
        "Records the self-assessment: a 0–100 score per part and the evidence.",
        [In("AssessmentId", "String", "考核编号", "Assessment id", required: true), In("Form", "Object", "自评表单", "Form", "{target, ideology, integrity, evidence}", "{target, ideology, integrity, evidence}", "json-editor", required: true)],
        [Out("Message", "String", "说明", "Message")],
        ("Recorded", "已登记", "Recorded"), ("Invalid", "数据有误", "Invalid"));

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var assessment = await RequireAsync<Assessment>(db, await RequiredStringAsync(context, "AssessmentId"), "考核", context.CancellationToken);
        var form = await ObjectAsync(context, "Form");
        var (scores, errors) = AssessmentForm.Scores(form, Thresholds(context));
        var evidence = Text(form, "evidence");
        if (evidence is null)
        {
            errors.Add("须提供佐证材料说明 / evidence is required");
        }

        if (errors.Count > 0)
        {
            return AssessmentForm.Invalid(context, errors);
        }

        assessment.SelfScoreTarget = scores!.AnnualTarget;
        assessment.SelfScoreIdeology = scores.Ideology;
        assessment.SelfScoreIntegrity = scores.PartyConduct;
        assessment.SelfEvidence = evidence!.Length > 8000 ? evidence[..8000] : evidence;
        assessment.Status = AssessmentStatus.SelfAssessed;
        context.SetOutput("Message", "自评已登记");
        return "Recorded";
    }
}

/// <summary>P3 step 3: the secretariat's review scores and the grade the rules propose (AssessmentRules.Grade).</summary>
public sealed class ScoreAssessmentActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "ScoreAssessment", AssociationCategories.Assessment, "审核评分并提出等级", "Score and propose grade",
        "登记秘书处（事业发展部）审核评分，按规则提出等级：三部分均达到 90 分为优秀（全面完成），任一部分低于 60 分为不合格，其余为合格（001 §7、§20）。",
        "Records the review scores and proposes the grade: all parts ≥ 90 Excellent, any part < 60 Fail, else Pass (001 §7, §20).",
        [In("AssessmentId", "String", "考核编号", "Assessment id", required: true), In("Form", "Object", "评分表单", "Form", "{target, ideology, integrity, comment}", "{target, ideology, integrity, comment}", "json-editor", required: true)],
        [Out("ProposedGrade", "String", "建议等级", "Proposed grade"), Out("ProposedGradeZh", "String", "建议等级（中文）", "Proposed grade (zh)"), Out("Result", "Object", "评分规则结果", "Result"), Out("Message", "String", "说明", "Message")],
        ("Scored", "已评分", "Scored"), ("Invalid", "数据有误", "Invalid"));

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var assessment = await RequireAsync<Assessment>(db, await RequiredStringAsync(context, "AssessmentId"), "考核", context.CancellationToken);
        var form = await ObjectAsync(context, "Form");
        var (scores, errors) = AssessmentForm.Scores(form, Thresholds(context));
        if (errors.Count > 0)
        {
            return AssessmentForm.Invalid(context, errors);
        }

        var result = AssessmentRules.Grade(scores!, Thresholds(context));
        assessment.ReviewScoreTarget = scores!.AnnualTarget;
        assessment.ReviewScoreIdeology = scores.Ideology;
        assessment.ReviewScoreIntegrity = scores.PartyConduct;
        assessment.ReviewComment = Text(form, "comment");
        assessment.Status = AssessmentStatus.Reviewed;
        var message = $"审核评分：年度目标 {scores.AnnualTarget:0.##}，意识形态 {scores.Ideology:0.##}，党风廉政 {scores.PartyConduct:0.##}；建议等级：{result.Grade.Zh()}";
        context.SetOutput("ProposedGrade", EnumWire.ToWire(result.Grade));
        context.SetOutput("ProposedGradeZh", result.Grade.Zh());
        context.SetOutput("Result", ToNode(result));
        context.SetOutput("Message", message);
        context.JournalMessage = message;
        return "Scored";
    }
}

/// <summary>
/// P3 step 4: the grade as the leadership group confirmed it (the party committee having confirmed parts 2 and
/// 3). The group may confirm a lower grade than the scores propose, never a higher one: Excellent needs every part
/// fully completed (001 §20), and a part below the pass mark fails the year.
/// </summary>
public sealed class ConfirmAssessmentGradeActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "ConfirmAssessmentGrade", AssociationCategories.Assessment, "确认考核等级", "Confirm grade",
        "登记领导小组确认的等级（优秀/合格/不合格）及党委对意识形态、党风廉政两部分的确认意见；确认等级不得高于评分所对应的等级。",
        "Records the confirmed grade and the party committee's confirmation of parts 2 and 3; the grade may not exceed what the scores support.",
        [
            In("AssessmentId", "String", "考核编号", "Assessment id", required: true),
            In("Grade", "String", "确认等级", "Grade", "excellent/pass/fail，或办理结果 Excellent/Qualified/Unqualified。", "excellent/pass/fail or the task outcome.", required: true),
            In("Comment", "String", "领导小组意见", "Leadership comment", uiHint: "multiline"),
            In("PartyCommitteeComment", "String", "党委确认意见", "Party committee comment", uiHint: "multiline"),
        ],
        [Out("ConfirmedGrade", "String", "等级", "Grade"), Out("GradeZh", "String", "等级（中文）", "Grade (zh)"), Out("Message", "String", "说明", "Message")],
        ("Excellent", "优秀", "Excellent"), ("Pass", "合格", "Pass"), ("Fail", "不合格", "Fail"), ("Refused", "等级高于评分", "Refused"));

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var assessment = await RequireAsync<Assessment>(db, await RequiredStringAsync(context, "AssessmentId"), "考核", context.CancellationToken);
        var text = await RequiredStringAsync(context, "Grade");
        var grade = text switch
        {
            "Qualified" or "合格" => AssessmentGrade.Pass,
            "Unqualified" or "不合格" => AssessmentGrade.Fail,
            "优秀" => AssessmentGrade.Excellent,
            _ when EnumWire.TryFromWire<AssessmentGrade>(text, out var g) => g,
            _ => throw new ActivityFaultException($"等级 {text} 无效。 / Unknown grade {text}."),
        };
        if (assessment.ReviewScoreTarget is not { } target || assessment.ReviewScoreIdeology is not { } ideology || assessment.ReviewScoreIntegrity is not { } integrity)
        {
            throw new ActivityFaultException("尚未审核评分，不能确认等级。 / The assessment has not been scored.");
        }

        var proposed = AssessmentRules.Grade(new AssessmentScores(target, ideology, integrity), Thresholds(context)).Grade;
        if (Rank(grade) > Rank(proposed))
        {
            var refused = $"确认等级“{grade.Zh()}”高于评分对应的“{proposed.Zh()}”：优秀须三部分均全面完成，任一部分未达合格线即不合格 / the confirmed grade exceeds what the scores support";
            context.SetOutput("Message", refused);
            context.JournalMessage = refused;
            return "Refused";
        }

        var branch = await BranchAsync(db, assessment.BranchId, context.CancellationToken);
        assessment.Grade = grade;
        assessment.ConfirmedAtUtc = UtcNow(context);
        assessment.Status = grade == AssessmentGrade.Pass ? AssessmentStatus.Closed : AssessmentStatus.Confirmed;
        var comment = await OptionalStringAsync(context, "Comment");
        var party = await OptionalStringAsync(context, "PartyCommitteeComment");
        var summary = $"{assessment.Year}年度三个责任制综合考核：{grade.Zh()}" + (grade != proposed ? $"（评分建议为{proposed.Zh()}，领导小组确认为{grade.Zh()}）" : "");
        await RecordAsync(context, db, branch.Id, BranchRecordKind.AssessmentResult, assessment.Year, summary,
            new { assessmentId = assessment.Id, grade = EnumWire.ToWire(grade), proposed = EnumWire.ToWire(proposed), target, ideology, integrity, comment, partyCommittee = party });
        context.Workflow.State.Output["Grade"] = EnumWire.ToWire(grade);
        context.SetOutput("ConfirmedGrade", EnumWire.ToWire(grade));
        context.SetOutput("GradeZh", grade.Zh());
        context.SetOutput("Message", summary);
        context.JournalMessage = summary;
        return grade switch { AssessmentGrade.Excellent => "Excellent", AssessmentGrade.Pass => "Pass", _ => "Fail" };
    }

    private static int Rank(AssessmentGrade grade) => grade switch { AssessmentGrade.Excellent => 2, AssessmentGrade.Pass => 1, _ => 0 };
}

/// <summary>
/// P3 step 5, Excellent: priority cultivation (重点培育扶持, 001 §20-21) and the sponsor-fee reduction of 2
/// percentage points a year, cumulative, capped at 5 (001 §21, AssessmentRules.NextYearSponsorFeeReduction).
/// </summary>
public sealed class ApplyExcellentOutcomeActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "ApplyExcellentOutcome", AssociationCategories.Assessment, "优秀：重点培育扶持", "Excellent: priority cultivation",
        "考核优秀的分会列入重点培育扶持（年会优先安排、委员优先入专家库并推荐参加信用与质量评审、网站宣传、年度表彰），次年赞助商管理费提取比例再降 2 个百分点，累计不超过 5 个百分点（001 §20-21）。",
        "Priority cultivation and the sponsor-fee reduction: +2 points, capped at 5 (001 §20-21).",
        [In("AssessmentId", "String", "考核编号", "Assessment id", required: true)],
        [Out("PreviousPoints", "Decimal", "原降幅", "Previous points"), Out("NextYearPoints", "Decimal", "次年降幅", "Next year points"), Out("Message", "String", "说明", "Message")]);

    internal static readonly string[] Measures =
    [
        "协会学术年会、分论坛及卫星会优先安排",
        "分会委员优先进入协会专家库，优先推荐参加信用等级评价和医疗质量评审评价专家组",
        "在协会网站宣传推广",
        "参加协会年度表彰",
    ];

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var assessment = await RequireAsync<Assessment>(db, await RequiredStringAsync(context, "AssessmentId"), "考核", context.CancellationToken);
        if (assessment.Grade != AssessmentGrade.Excellent)
        {
            throw new ActivityFaultException("只有考核优秀的分会享受重点培育扶持。 / Only an excellent branch is cultivated.");
        }

        var branch = await BranchAsync(db, assessment.BranchId, context.CancellationToken);
        var key = $"{context.InstanceId}:{context.Node.Id}:sponsorFee";
        var already = await FindAsync<BranchRecord>(db, r => r.IdempotencyKey == key, context.CancellationToken);
        // Run again (a retried burst that did commit is never re-run, but a loop could be): start from the stored value.
        var previous = branch.SponsorFeeReductionPoints;
        if (already?.DetailJson is { } detail && JsonNode.Parse(detail)?["previousPoints"] is JsonValue stored)
        {
            previous = decimal.Parse(stored.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        var reduction = AssessmentRules.NextYearSponsorFeeReduction(previous, AssessmentGrade.Excellent, Thresholds(context));
        branch.SponsorFeeReductionPoints = reduction.NextYearPoints;
        assessment.Status = AssessmentStatus.Closed;

        var feeText = $"{assessment.Year + 1}年赞助商管理费提取比例累计下降 {reduction.NextYearPoints:0.##} 个百分点（原 {previous:0.##}，上限 {Thresholds(context).SponsorFeeMaxReduction:0.##}）";
        await RecordAsync(context, db, branch.Id, BranchRecordKind.SponsorFeeReduction, assessment.Year, feeText,
            new { previousPoints = previous, nextYearPoints = reduction.NextYearPoints, rules = reduction.Rules }, "sponsorFee");
        await RecordAsync(context, db, branch.Id, BranchRecordKind.PriorityCultivation, assessment.Year,
            $"{assessment.Year}年度考核优秀，列入重点培育扶持：{string.Join("；", Measures)}", new { measures = Measures }, "cultivation");
        context.SetOutput("PreviousPoints", previous);
        context.SetOutput("NextYearPoints", reduction.NextYearPoints);
        context.SetOutput("Message", feeText);
        context.JournalMessage = feeText;
        return Done;
    }
}

/// <summary>P3 step 5, Fail: rectification (整改) with a deadline; the branch is under rectification meanwhile.</summary>
public sealed class OrderRectificationActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "OrderRectification", AssociationCategories.Assessment, "责令限期整改", "Order rectification",
        "考核不合格：分会进入“整改中”，限期提交整改方案并落实，期满复查（001 §5、§7）。",
        "Fail: the branch is under rectification until a re-check by the deadline (001 §5, §7).",
        [In("AssessmentId", "String", "考核编号", "Assessment id", required: true), In("DueIn", "TimeSpan", "整改期限", "Due in", "自今日起的整改期限，如 60.00:00:00。", "E.g. 60.00:00:00.", defaultValue: "60.00:00:00")],
        [Out("Deadline", "DateTimeOffset", "整改截止", "Deadline"), Out("DeadlineText", "String", "整改截止（文字）", "Deadline text")]);

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var assessment = await RequireAsync<Assessment>(db, await RequiredStringAsync(context, "AssessmentId"), "考核", context.CancellationToken);
        var branch = await BranchAsync(db, assessment.BranchId, context.CancellationToken);
        var dueIn = await context.GetTimeSpanAsync("DueIn") ?? TimeSpan.FromDays(60);
        var deadline = assessment.RectificationDeadline ?? Today(context).AddDays(Math.Max(1, (int)Math.Ceiling(dueIn.TotalDays)));
        assessment.RectificationDeadline = deadline;
        assessment.Status = AssessmentStatus.Rectifying;
        if (branch.Status == BranchStatus.Active)
        {
            branch.Status = BranchStatus.UnderRectification;
        }

        await RecordAsync(context, db, branch.Id, BranchRecordKind.Rectification, assessment.Year,
            $"{assessment.Year}年度考核不合格，限 {ZhDate(deadline)} 前完成整改", new { assessmentId = assessment.Id, deadline = deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        context.SetOutput("Deadline", Iso(EndOfDay(deadline)));
        context.SetOutput("DeadlineText", ZhDate(deadline));
        return Done;
    }
}

/// <summary>P3 step 5: the re-check after rectification. Passed: the branch is active again; failed: an adjustment follows.</summary>
public sealed class RecordRecheckActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "RecordRecheck", AssociationCategories.Assessment, "登记整改复查", "Record re-check",
        "登记整改复查结论：通过则分会恢复正常；仍不合格则进入动态调整（001 §5）。",
        "Records the re-check: passed restores the branch; failed leads to an adjustment (001 §5).",
        [In("AssessmentId", "String", "考核编号", "Assessment id", required: true), In("Passed", "Boolean", "复查通过", "Passed", uiHint: "checkbox", required: true), In("Comment", "String", "复查意见", "Comment", uiHint: "multiline")],
        [],
        ("Passed", "复查通过", "Passed"), ("Failed", "仍不合格", "Failed"));

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var assessment = await RequireAsync<Assessment>(db, await RequiredStringAsync(context, "AssessmentId"), "考核", context.CancellationToken);
        var branch = await BranchAsync(db, assessment.BranchId, context.CancellationToken);
        var passed = await context.GetBoolAsync("Passed");
        var comment = await OptionalStringAsync(context, "Comment");
        assessment.RecheckPassed = passed;
        if (passed)
        {
            assessment.Status = AssessmentStatus.Closed;
            if (branch.Status == BranchStatus.UnderRectification)
            {
                branch.Status = BranchStatus.Active;
            }
        }

        await RecordAsync(context, db, branch.Id, BranchRecordKind.Recheck, assessment.Year,
            passed ? $"{assessment.Year}年度考核整改复查通过，分会恢复正常" : $"{assessment.Year}年度考核整改复查仍不合格" + (comment is null ? "" : $"：{comment}"), new { passed, comment });
        return passed ? "Passed" : "Failed";
    }
}

/// <summary>
/// P3 step 5: the dynamic adjustment decision after a failed re-check (优胜劣汰, 001 §5): replace the chair
/// (能上能下), replace the chair unit (能进能出), merge, reorganise or dissolve the branch.
/// </summary>
public sealed class AdjustBranchActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "AdjustBranch", AssociationCategories.Assessment, "动态调整决定", "Adjustment decision",
        "执行动态调整决定（001 §5）：更换主任委员、更换主任委员单位、合并（并入另一分会）、调整重组（暂停活动）或撤销分会，并记入分会档案。",
        "Applies the adjustment decision (001 §5): replace chair or chair unit, merge, reorganise (suspend) or dissolve.",
        [
            In("BranchId", "String", "分会编号", "Branch id", required: true),
            In("AssessmentId", "String", "考核编号", "Assessment id"),
            In("Decision", "String", "调整决定", "Decision", "", "", "dropdown", ActivityDescriptors.StatusDropdown<AdjustmentDecision>(d => d.ToString()), required: true),
            In("MergeIntoBranchId", "String", "并入分会", "Merge into"),
            In("NewChairUnitId", "String", "新主任委员单位", "New chair unit"),
            In("NewChairPersonId", "String", "新主任委员", "New chair"),
            In("Reason", "String", "决定理由", "Reason", uiHint: "multiline"),
        ],
        [Out("Message", "String", "说明", "Message")],
        ("Done", "已执行", "Done"), ("Invalid", "决定不完整", "Invalid"));

    internal static AdjustmentDecision? ParseDecision(string? text) => text?.Trim() switch
    {
        "更换主任委员" => AdjustmentDecision.ReplaceChair,
        "更换主任委员单位" => AdjustmentDecision.ReplaceChairUnit,
        "合并" => AdjustmentDecision.Merge,
        "调整重组" or "重组" or "调整" => AdjustmentDecision.Reorganise,
        "撤销" => AdjustmentDecision.Dissolve,
        var other when EnumWire.TryFromWire<AdjustmentDecision>(other, out var d) && d != AdjustmentDecision.None => d,
        _ => null,
    };

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var ct = context.CancellationToken;
        var today = Today(context);
        var branch = await BranchAsync(db, await RequiredStringAsync(context, "BranchId"), ct);
        var assessmentId = await OptionalStringAsync(context, "AssessmentId");
        var assessment = assessmentId is null ? null : await RequireAsync<Assessment>(db, assessmentId, "考核", ct);
        var decisionText = await OptionalStringAsync(context, "Decision");
        var reason = await OptionalStringAsync(context, "Reason");
        if (ParseDecision(decisionText) is not { } decision)
        {
            return Invalid(context, $"调整决定“{decisionText}”无效，应为更换主任委员、更换主任委员单位、合并、调整重组或撤销 / unknown decision");
        }

        string summary;
        switch (decision)
        {
            case AdjustmentDecision.Merge:
                var targetId = await OptionalStringAsync(context, "MergeIntoBranchId");
                var target = targetId is null ? null : await db.Set<Branch>().FindAsync([targetId], ct);
                if (target is null || target.Id == branch.Id || !Branch.CountsAgainstCap(target.Status))
                {
                    return Invalid(context, "合并须指定另一个存续的分会 / merging needs another existing branch");
                }

                branch.Status = BranchStatus.Merged;
                branch.MergedIntoBranchId = target.Id;
                branch.PublishedOnWebsite = false;
                summary = $"并入{target.Name}";
                break;
            case AdjustmentDecision.Dissolve:
                branch.Status = BranchStatus.Dissolved;
                branch.PublishedOnWebsite = false;
                summary = "撤销分会";
                break;
            case AdjustmentDecision.Reorganise:
                branch.Status = BranchStatus.Suspended;
                summary = "调整重组，重组完成前暂停活动";
                break;
            case AdjustmentDecision.ReplaceChairUnit:
                var unitId = await OptionalStringAsync(context, "NewChairUnitId");
                var unit = unitId is null ? null : await db.Set<MemberUnit>().FindAsync([unitId], ct);
                if (unit is null || unit.Id == branch.ChairUnitId)
                {
                    return Invalid(context, "更换主任委员单位须指定另一家会员单位 / a different member unit is needed");
                }

                branch.ChairUnitId = unit.Id;
                branch.Status = BranchStatus.Active;
                summary = $"主任委员单位更换为{unit.Name}";
                break;
            default:
                var personId = await OptionalStringAsync(context, "NewChairPersonId");
                var person = personId is null ? null : await db.Set<Person>().FindAsync([personId], ct);
                var current = await ChairAsync(db, branch.Id, today, ct);
                if (person is null || person.Id == current?.Person.Id)
                {
                    return Invalid(context, "更换主任委员须指定另一名人员 / a different person is needed");
                }

                if (current is { } c)
                {
                    c.Holder.TermEnd = today.AddDays(-1) < c.Holder.TermStart ? c.Holder.TermStart : today.AddDays(-1);
                }

                db.Add(new BranchOfficeHolder { Id = NewId(context, "oh"), BranchId = branch.Id, PersonId = person.Id, Position = OfficePosition.Chair, MemberUnitId = person.MemberUnitId, TermStart = today });
                branch.Status = BranchStatus.Active;
                summary = $"主任委员由{current?.Person.Name ?? "（空缺）"}更换为{person.Name}";
                break;
        }

        if (assessment is not null)
        {
            assessment.AdjustmentDecision = decision;
            assessment.Status = AssessmentStatus.Closed;
        }

        summary = $"动态调整决定：{summary}" + (reason is null ? "" : $"（{reason}）");
        await RecordAsync(context, db, branch.Id, BranchRecordKind.Adjustment, assessment?.Year, summary, new { decision = EnumWire.ToWire(decision), reason });
        context.Workflow.State.Output["Adjustment"] = EnumWire.ToWire(decision);
        context.SetOutput("Message", summary);
        context.JournalMessage = summary;
        return "Done";
    }

    private static string Invalid(ActivityExecutionContext context, string message)
    {
        context.SetOutput("Message", message);
        context.JournalMessage = message;
        return "Invalid";
    }
}

/// <summary>Reading the three part scores from a task form.</summary>
internal static class AssessmentForm
{
    public static (AssessmentScores? Scores, List<string> Errors) Scores(JsonObject form, RuleThresholds thresholds)
    {
        var errors = new List<string>();
        decimal? Part(string name, string label)
        {
            var text = form.TryGetPropertyValue(name, out var node) ? Workflows.Engine.Expressions.ValueConversion.ToText(node) : null;
            decimal? value = decimal.TryParse(text?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;
            if (value is null || value < 0 || value > thresholds.AssessmentMaxPartScore)
            {
                errors.Add($"{label}得分须为 0–{thresholds.AssessmentMaxPartScore:0.##} 的数字 / {name} must be 0–{thresholds.AssessmentMaxPartScore:0.##}");
                return null;
            }

            return value;
        }

        var target = Part("target", "年度目标责任制");
        var ideology = Part("ideology", "意识形态责任制");
        var integrity = Part("integrity", "党风廉政建设责任制");
        return errors.Count > 0 ? (null, errors) : (new AssessmentScores(target!.Value, ideology!.Value, integrity!.Value), errors);
    }

    public static string Invalid(ActivityExecutionContext context, List<string> errors)
    {
        var message = string.Join("；", errors);
        context.SetOutput("Message", message);
        context.JournalMessage = message;
        return "Invalid";
    }
}
