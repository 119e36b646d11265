using System.Globalization;
using System.Text.Json;
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

/// <summary>The review standard the experts score against: five items of 20 points each (our reading of 002 §2(2)).</summary>
public static class QualityReviewStandard
{
    public static IReadOnlyList<(string Key, string Name, decimal Max)> Criteria { get; } =
    [
        ("c1", "医疗质量管理体系", 20),
        ("c2", "医疗质量安全核心制度", 20),
        ("c3", "护理质量与院感防控", 20),
        ("c4", "药事与医技管理", 20),
        ("c5", "患者服务与满意度", 20),
    ];
}

/// <summary>P5 step 1: registers the application (quality review, credit or star rating) of an institution.</summary>
public sealed class RegisterQualityReviewActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "RegisterQualityReview", AssociationCategories.QualityReview, "登记评审申报", "Register review application",
        "登记医疗机构的医疗质量评审（或信用等级评价、服务能力星级评价，即“双评”，003）申报；补充材料时追加到申报说明。",
        "Stores the institution's application (quality review, or credit / star rating, 003); supplements are appended.",
        [
            In("Application", "Object", "申报内容", "Application", "{institutionId, kind: quality|credit|star, description}", "The application.", "json-editor", required: true),
            In("Supplement", "String", "补充材料", "Supplement", uiHint: "multiline"),
        ],
        [Out("ApplicationId", "String", "申报编号", "Application id"), Out("Title", "String", "申报名称", "Title"), Out("InstitutionName", "String", "申报机构", "Institution"), Out("ApplicantUserName", "String", "申报人", "Applicant")]);

    internal static string KindZh(QualityReviewKind kind) => kind switch
    {
        QualityReviewKind.Credit => "信用等级评价",
        QualityReviewKind.Star => "服务能力星级评价",
        _ => "医疗质量评审评价",
    };

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var ct = context.CancellationToken;
        var id = $"qr-{context.InstanceId}";
        var application = await FindAsync<QualityReviewApplication>(db, a => a.Id == id, ct);
        if (application is null)
        {
            var parsed = await ApplicationForms.ParseQualityReviewAsync(await ObjectAsync(context, "Application"), db, ct);
            if (!parsed.IsValid)
            {
                throw new ActivityFaultException("评审申报有误：" + string.Join("；", parsed.Errors.Select(e => e.ToString())) + " / invalid application");
            }

            application = new QualityReviewApplication
            {
                Id = id, InstitutionId = parsed.Value!.InstitutionId, Kind = parsed.Value.Kind, Description = parsed.Value.Description,
                SubmittedAtUtc = UtcNow(context), ApplicantUserName = InitiatedBy(context), WorkflowInstanceId = context.InstanceId,
            };
            db.Add(application);
        }

        if (await OptionalStringAsync(context, "Supplement") is { } supplement)
        {
            var stamp = Today(context).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var text = $"{application.Description}\n【补充材料 {stamp}】{supplement}".Trim();
            application.Description = text.Length > 8000 ? text[..8000] : text;
        }

        application.Status = QualityReviewStatus.Submitted;
        var institution = await RequireAsync<MemberUnit>(db, application.InstitutionId, "机构", ct);
        var title = $"{institution.Name}{KindZh(application.Kind)}";
        context.SetOutput("ApplicationId", id);
        context.SetOutput("Title", title);
        context.SetOutput("InstitutionName", institution.Name);
        context.SetOutput("ApplicantUserName", application.ApplicantUserName);
        context.JournalMessage = $"{title}申报已登记";
        return Done;
    }
}

/// <summary>Moves a review application along: returned for material, accepted, escalated, archived and published, withdrawn.</summary>
public sealed class SetQualityReviewStatusActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "SetQualityReviewStatus", AssociationCategories.QualityReview, "更新评审状态", "Set review status",
        "更新评审申报状态：退回补充材料、受理、逾期未整改上报（004 §2.3.3）、立卷归档并公布结果、撤回。",
        "Sets the status: returned, accepted, escalated (004 §2.3.3), archived and published, withdrawn.",
        [
            In("ApplicationId", "String", "申报编号", "Application id", required: true),
            In("Status", "String", "状态", "Status", "", "", "dropdown", ActivityDescriptors.StatusDropdown<QualityReviewStatus>(s => s.ToString()), required: true),
            In("Comment", "String", "说明", "Comment", uiHint: "multiline"),
        ],
        [Out("NewStatus", "String", "状态", "Status"), Out("ResultText", "String", "评审结果", "Result")]);

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var application = await RequireAsync<QualityReviewApplication>(db, await RequiredStringAsync(context, "ApplicationId"), "评审申报", context.CancellationToken);
        var text = await RequiredStringAsync(context, "Status");
        if (!EnumWire.TryFromWire<QualityReviewStatus>(text, out var status))
        {
            throw new ActivityFaultException($"状态 {text} 无效。 / Unknown status {text}.");
        }

        var comment = await OptionalStringAsync(context, "Comment");
        switch (status)
        {
            case QualityReviewStatus.Archived:
                // 立卷归档 and publication of the result (P5 step 7); an escalated file keeps its status.
                application.ArchivedAtUtc ??= UtcNow(context);
                application.PublishedOnWebsite = true;
                if (application.Status != QualityReviewStatus.Escalated)
                {
                    application.Status = QualityReviewStatus.Archived;
                }

                context.Workflow.State.Output["Result"] = application.Passed == true ? "passed" : application.Status == QualityReviewStatus.Escalated ? "escalated" : "failed";
                break;
            case QualityReviewStatus.Escalated:
                application.Status = status;
                application.Passed = false;
                application.Result = comment ?? "逾期未整改，已上报";
                break;
            default:
                application.Status = status;
                if (status == QualityReviewStatus.Withdrawn)
                {
                    context.Workflow.State.Output["Result"] = "withdrawn";
                }

                break;
        }

        context.SetOutput("NewStatus", EnumWire.ToWire(application.Status));
        context.SetOutput("ResultText", application.Result);
        context.JournalMessage = $"评审状态：{application.Status}{(comment is null ? "" : "，" + comment)}";
        return Done;
    }
}

/// <summary>
/// P5 step 3: draws the on-site panel from the expert pool — qualified experts only (002 §3.2), none from the
/// applicant institution, at random with a seed derived from the instance, and records seed, pool, exclusions
/// and result (<see cref="ExpertPanelDraw"/>). A draw already recorded for the round is reused, never redrawn.
/// </summary>
public sealed class DrawExpertPanelActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "DrawExpertPanel", AssociationCategories.QualityReview, "抽取评审专家组", "Draw expert panel",
        "从专家库随机抽取现场评审专家组：仅限具备副高以上职称满 5 年的在库评审专家（002 §3.2），回避受评单位的专家；种子由流程实例和申报决定，抽取记录（种子、候选池、排除原因、结果）存档可复核；首位为组长。",
        "Draws the panel at random from qualified experts not working at the applicant (002 §3.2); seed, pool, exclusions and result are recorded for audit.",
        [
            In("ApplicationId", "String", "申报编号", "Application id", required: true),
            In("PanelSize", "Int32", "专家人数", "Panel size", defaultValue: 3),
            In("Round", "Int32", "评审轮次", "Round", "1 为首次评审，2 为整改后复评……", "1 first review, 2 re-review…", defaultValue: 1),
        ],
        [
            Out("PanelId", "String", "专家组编号", "Panel id"), Out("Members", "Object", "专家组成员", "Members"), Out("MemberNames", "String", "专家名单", "Names"),
            Out("Seed", "String", "随机种子", "Seed"), Out("Excluded", "Object", "排除的专家", "Excluded"), Out("Message", "String", "说明", "Message"),
        ],
        ("Drawn", "已抽取", "Drawn"), ("NotEnoughExperts", "专家不足", "Not enough experts"));

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var ct = context.CancellationToken;
        var application = await RequireAsync<QualityReviewApplication>(db, await RequiredStringAsync(context, "ApplicationId"), "评审申报", ct);
        var size = (int)(await context.GetNumberAsync("PanelSize") ?? 3);
        var round = (int)(await context.GetNumberAsync("Round") ?? 1);
        if (size < 1 || round < 1)
        {
            throw new ActivityFaultException("专家人数和评审轮次必须为正整数。 / Panel size and round must be positive.");
        }

        var draw = await FindAsync<PanelDraw>(db, d => d.QualityReviewApplicationId == application.Id && d.Round == round, ct);
        var experts = await (
            from e in db.Set<Expert>()
            join p in db.Set<Person>() on e.PersonId equals p.Id
            select new { e.Id, p.Name, p.MemberUnitId, p.UserName, e.Status, e.IsConsultant, e.Title, e.TitleYear }).ToListAsync(ct);
        if (draw is null)
        {
            var seed = ExpertPanelDraw.SeedFor(context.InstanceId, application.Id, round);
            var result = ExpertPanelDraw.Draw(
                experts.Select(e => new PoolExpert { ExpertId = e.Id, Name = e.Name, MemberUnitId = e.MemberUnitId, Status = e.Status, IsConsultant = e.IsConsultant, Title = e.Title, TitleYear = e.TitleYear }),
                application.InstitutionId, size, seed, Today(context).Year, Thresholds(context));
            if (!result.Complete(size))
            {
                // Nothing was drawn, so there is nothing to audit or to keep stable: once the pool has grown, the
                // draw of this round happens for real (and is recorded then).
                var shortMessage = $"符合条件的专家只有 {result.Pool.Count} 名，不足 {size} 名，请先补充专家库（排除 {result.Excluded.Count} 名） / only {result.Pool.Count} eligible experts";
                context.SetOutput("Message", shortMessage);
                context.SetOutput("Excluded", ToNode(result.Excluded));
                context.JournalMessage = shortMessage;
                return "NotEnoughExperts";
            }

            draw = new PanelDraw
            {
                Id = NewId(context, "pd"), QualityReviewApplicationId = application.Id, Round = round, Seed = seed, PanelSize = size,
                PoolJson = JsonSerializer.Serialize(result.Pool, JsonOptions),
                ExcludedJson = Truncate(JsonSerializer.Serialize(result.Excluded, JsonOptions), 8000),
                DrawnJson = JsonSerializer.Serialize(result.Drawn, JsonOptions),
                DrawnAtUtc = UtcNow(context), WorkflowInstanceId = context.InstanceId,
            };
            db.Add(draw);
            var panel = new ReviewPanel { Id = NewId(context, "rp"), QualityReviewApplicationId = application.Id, FormedAtUtc = UtcNow(context) };
            panel.Members.AddRange(result.Drawn.Select((expertId, i) => new PanelMember { Id = NewId(context, "pm"), ReviewPanelId = panel.Id, ExpertId = expertId, IsLeader = i == 0 }));
            db.Add(panel);
            draw.ReviewPanelId = panel.Id;
            application.Status = QualityReviewStatus.PanelFormed;
        }

        var drawn = JsonSerializer.Deserialize<List<string>>(draw.DrawnJson, JsonOptions) ?? [];
        var members = drawn.Select((id, i) =>
        {
            var e = experts.FirstOrDefault(x => x.Id == id);
            return new JsonObject { ["expertId"] = id, ["name"] = e?.Name ?? id, ["userName"] = e?.UserName, ["isLeader"] = i == 0 };
        }).ToList();
        var names = string.Join("、", members.Select((m, i) => m["name"]!.GetValue<string>() + (i == 0 ? "（组长）" : "")));
        context.SetOutput("PanelId", draw.ReviewPanelId);
        context.SetOutput("Members", new JsonArray(members.Cast<JsonNode?>().ToArray()));
        context.SetOutput("MemberNames", names);
        context.SetOutput("Seed", draw.Seed);
        context.SetOutput("Excluded", JsonNode.Parse(draw.ExcludedJson));
        context.SetOutput("Message", $"抽取专家组：{names}（种子 {draw.Seed}）");
        context.JournalMessage = $"抽取专家组：{names}（种子 {draw.Seed}）";
        return "Drawn";
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}

/// <summary>P5 step 4: the on-site review date.</summary>
public sealed class ScheduleOnSiteReviewActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "ScheduleOnSiteReview", AssociationCategories.QualityReview, "安排现场评审", "Schedule on-site review",
        "登记现场评审时间（须晚于当前时间）。", "Records the on-site review date (in the future).",
        [In("ApplicationId", "String", "申报编号", "Application id", required: true), In("OnSiteAt", "DateTimeOffset", "现场评审时间", "On-site at", uiHint: "datetime-picker", required: true)],
        [Out("ScheduledAt", "DateTimeOffset", "现场评审时间", "On-site at"), Out("OnSiteText", "String", "现场评审时间（文字）", "On-site (text)"), Out("ScoresDueAt", "DateTimeOffset", "评分截止", "Scores due")],
        ("Scheduled", "已安排", "Scheduled"), ("Invalid", "时间无效", "Invalid"));

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var application = await RequireAsync<QualityReviewApplication>(db, await RequiredStringAsync(context, "ApplicationId"), "评审申报", context.CancellationToken);
        DateTimeOffset? at;
        try
        {
            at = await context.GetDateTimeAsync("OnSiteAt");
        }
        catch (ActivityFaultException)
        {
            at = null;
        }

        if (at is not { } onSite || onSite <= context.Now)
        {
            context.JournalMessage = "现场评审时间须为将来的日期时间";
            return "Invalid";
        }

        application.OnSiteAtUtc = onSite.UtcDateTime;
        application.Status = QualityReviewStatus.OnSiteScheduled;
        context.SetOutput("ScheduledAt", Iso(onSite));
        context.SetOutput("OnSiteText", onSite.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        context.SetOutput("ScoresDueAt", Iso(onSite.AddDays(7)));
        return "Scheduled";
    }
}

/// <summary>P5 step 4: one expert's scores against the review standard.</summary>
public sealed class RecordExpertScoresActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "RecordExpertScores", AssociationCategories.QualityReview, "登记专家评分", "Record expert scores",
        "登记一名专家对照评审标准逐项打分（5 项，每项 0–20 分）及评语。", "Records one expert's score per item of the standard (five items, 0–20 each).",
        [
            In("ApplicationId", "String", "申报编号", "Application id", required: true),
            In("ExpertId", "String", "专家编号", "Expert id", required: true),
            In("Scores", "Object", "评分表单", "Scores", "{c1…c5, comment}", "{c1…c5, comment}", "json-editor", required: true),
        ],
        [Out("Total", "Decimal", "总分", "Total"), Out("Message", "String", "说明", "Message")],
        ("Recorded", "已登记", "Recorded"), ("Invalid", "评分有误", "Invalid"));

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var ct = context.CancellationToken;
        var applicationId = await RequiredStringAsync(context, "ApplicationId");
        var expertId = await RequiredStringAsync(context, "ExpertId");
        var panelId = await db.Set<PanelDraw>().Where(d => d.QualityReviewApplicationId == applicationId && d.ReviewPanelId != null)
            .OrderByDescending(d => d.Round).Select(d => d.ReviewPanelId).FirstOrDefaultAsync(ct)
            ?? throw new ActivityFaultException("尚未抽取专家组。 / No panel has been drawn.");
        if (!await db.Set<PanelMember>().AnyAsync(m => m.ReviewPanelId == panelId && m.ExpertId == expertId, ct))
        {
            throw new ActivityFaultException($"专家 {expertId} 不在本次评审专家组中。 / Expert {expertId} is not on the panel.");
        }

        var form = await ObjectAsync(context, "Scores");
        var errors = new List<string>();
        var values = new List<(string Name, decimal Score, decimal Max)>();
        foreach (var (key, name, max) in QualityReviewStandard.Criteria)
        {
            var score = Number(form, key);
            if (score is null || score < 0 || score > max)
            {
                errors.Add($"“{name}”须为 0–{max:0} 分 / {key} must be 0–{max:0}");
            }
            else
            {
                values.Add((name, score.Value, max));
            }
        }

        if (errors.Count > 0)
        {
            var message = string.Join("；", errors);
            context.SetOutput("Message", message);
            context.JournalMessage = message;
            return "Invalid";
        }

        var comment = Text(form, "comment");
        var existing = await db.Set<ExpertScore>().Where(s => s.ReviewPanelId == panelId && s.ExpertId == expertId).ToListAsync(ct);
        foreach (var (name, score, max) in values)
        {
            var row = existing.FirstOrDefault(s => s.Criterion == name);
            if (row is null)
            {
                row = new ExpertScore { Id = NewId(context, "es"), ReviewPanelId = panelId, ExpertId = expertId, Criterion = name };
                db.Add(row);
            }

            row.Score = score;
            row.MaxScore = max;
            row.Comment = comment is { Length: > 1000 } ? comment[..1000] : comment;
            row.ScoredAtUtc = UtcNow(context);
        }

        var total = values.Sum(v => v.Score);
        context.SetOutput("Total", total);
        context.SetOutput("Message", $"总分 {total:0.##}");
        context.JournalMessage = $"专家 {expertId} 评分 {total:0.##}";
        return "Recorded";
    }
}

/// <summary>
/// P5 steps 5–6: the review committee's decision — passed (with a grade or stars), failed, or rectification with a
/// deadline (限期整改, 004 §2.3.3) followed by a re-review.
/// </summary>
public sealed class DecideQualityReviewActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "DecideQualityReview", AssociationCategories.QualityReview, "登记评审结论", "Record review decision",
        "登记评审评价中心领导小组的结论：通过（等级或星级）、不通过，或限期整改后复评（004 §2.3.3）；同时汇总专家平均分。",
        "Records the decision: passed (grade or stars), failed, or rectification with a deadline then a re-review (004 §2.3.3).",
        [
            In("ApplicationId", "String", "申报编号", "Application id", required: true),
            In("Decision", "String", "结论", "Decision", "Pass / Rectify / Fail", "Pass / Rectify / Fail", "dropdown", Dropdown(("Pass", "通过"), ("Rectify", "限期整改"), ("Fail", "不通过")), required: true),
            In("Result", "String", "评审结果", "Result", "等级（如 AAA、甲等）或说明。", "Grade (e.g. AAA) or text."),
            In("Stars", "Int32", "星级", "Stars"),
            In("RectifyWithin", "TimeSpan", "整改期限", "Rectify within", defaultValue: "30.00:00:00"),
        ],
        [Out("AverageScore", "Decimal", "专家平均分", "Average score"), Out("Deadline", "DateTimeOffset", "整改截止", "Deadline"), Out("DeadlineText", "String", "整改截止（文字）", "Deadline text"), Out("ResultText", "String", "结论", "Result")],
        ("Passed", "通过", "Passed"), ("Rectify", "限期整改", "Rectify"), ("Failed", "不通过", "Failed"));

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var ct = context.CancellationToken;
        var application = await RequireAsync<QualityReviewApplication>(db, await RequiredStringAsync(context, "ApplicationId"), "评审申报", ct);
        var decision = (await RequiredStringAsync(context, "Decision")).ToLowerInvariant();
        var result = await OptionalStringAsync(context, "Result");
        var stars = (int?)await context.GetNumberAsync("Stars");
        var panelId = await db.Set<PanelDraw>().Where(d => d.QualityReviewApplicationId == application.Id && d.ReviewPanelId != null)
            .OrderByDescending(d => d.Round).Select(d => d.ReviewPanelId).FirstOrDefaultAsync(ct);
        var totals = panelId is null
            ? []
            : (await db.Set<ExpertScore>().Where(s => s.ReviewPanelId == panelId).Select(s => new { s.ExpertId, s.Score }).ToListAsync(ct))
                .GroupBy(s => s.ExpertId).Select(g => g.Sum(s => s.Score)).ToList();
        var average = totals.Count == 0 ? 0 : Math.Round(totals.Average(), 2);
        context.SetOutput("AverageScore", average);

        switch (decision)
        {
            case "pass" or "passed":
                application.Passed = true;
                application.Stars = stars;
                application.Result = result ?? (stars is { } s ? $"{s} 星" : "通过");
                application.Status = QualityReviewStatus.Passed;
                context.SetOutput("ResultText", application.Result);
                return "Passed";
            case "fail" or "failed":
                application.Passed = false;
                application.Result = result ?? "不通过";
                application.Status = QualityReviewStatus.Failed;
                context.SetOutput("ResultText", application.Result);
                return "Failed";
            case "rectify":
                var within = await context.GetTimeSpanAsync("RectifyWithin") ?? TimeSpan.FromDays(30);
                var deadline = Today(context).AddDays(Math.Max(1, (int)Math.Ceiling(within.TotalDays)));
                application.RectificationDeadline = deadline;
                application.Status = QualityReviewStatus.Rectifying;
                application.Result = result ?? "限期整改";
                context.SetOutput("Deadline", Iso(EndOfDay(deadline)));
                context.SetOutput("DeadlineText", ZhDate(deadline));
                context.SetOutput("ResultText", $"限 {ZhDate(deadline)} 前完成整改后复评");
                context.JournalMessage = $"限期整改，截止 {ZhDate(deadline)}";
                return "Rectify";
            default:
                throw new ActivityFaultException($"结论 {decision} 无效，应为 Pass、Rectify 或 Fail。 / Unknown decision {decision}.");
        }
    }
}
