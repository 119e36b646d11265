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
using ActivityStatus = Workflows.Association.Domain.ActivityStatus;

namespace Workflows.Association.Activities;

/// <summary>P4 step 1: registers the activity request, or applies the branch's revisions after a return.</summary>
public sealed class RegisterActivityApplicationActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "RegisterActivityApplication", AssociationCategories.ActivityApproval, "登记活动申请", "Register activity request",
        "登记分会的事前审批申请（类型、名称、时间、地点、预算、赞助商、合作方、议程，000 §6.3）；退回修改后再次执行时，合并分会修改的内容。",
        "Stores the pre-approval request (000 §6.3); after a return, merges the branch's changes.",
        [
            In("Application", "Object", "申请内容", "Application", "{branchId, type, title, startsAt, endsAt, venue, budget, involvesFunds, sponsors, partners, agenda}", "The request.", "json-editor", required: true),
            In("Changes", "Object", "修改内容", "Changes", "退回修改时分会提交的表单（非空字段覆盖原值）。", "The revision form after a return (non-empty fields win).", "json-editor"),
        ],
        [
            Out("ApplicationId", "String", "申请编号", "Application id"), Out("Title", "String", "活动名称", "Title"), Out("TypeZh", "String", "活动类型", "Type"),
            Out("BranchId", "String", "分会编号", "Branch id"), Out("BranchName", "String", "分会名称", "Branch"), Out("ApplicantUserName", "String", "申请人", "Applicant"),
            Out("StartsAt", "DateTimeOffset", "开始时间", "Starts"), Out("EndsAt", "DateTimeOffset", "结束时间", "Ends"),
            Out("RemindAt", "DateTimeOffset", "活动前提醒时间", "Remind at"), Out("ReportDueAt", "DateTimeOffset", "总结结算截止", "Reports due"),
        ]);

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var ct = context.CancellationToken;
        var id = $"aa-{context.InstanceId}";
        var application = await FindAsync<ActivityApplication>(db, a => a.Id == id, ct);
        var original = application is null ? await ObjectAsync(context, "Application") : ToJson(application);
        var changes = await context.EvaluateInputAsync("Changes") as JsonObject;
        var parsed = await ApplicationForms.ParseActivityAsync(ApplicationForms.Merge(original, changes), db, ct);
        if (!parsed.IsValid)
        {
            throw new ActivityFaultException("活动申请有误：" + string.Join("；", parsed.Errors.Select(e => e.ToString())) + " / invalid activity request");
        }

        var data = parsed.Value!;
        if (application is null)
        {
            application = new ActivityApplication { Id = id, ApplicantUserName = InitiatedBy(context), WorkflowInstanceId = context.InstanceId };
            db.Add(application);
        }

        application.BranchId = data.BranchId;
        application.Type = data.Type;
        application.Title = data.Title;
        application.StartsAtUtc = data.StartsAt.UtcDateTime;
        application.EndsAtUtc = data.EndsAt.UtcDateTime;
        application.Venue = data.Venue;
        application.Budget = data.Budget;
        application.InvolvesFunds = data.InvolvesFunds;
        application.Sponsors = data.Sponsors;
        application.Partners = data.Partners;
        application.Agenda = data.Agenda;
        application.Status = ActivityStatus.Submitted;
        application.SubmittedAtUtc = UtcNow(context);

        var branch = await BranchAsync(db, data.BranchId, ct);
        context.SetOutput("ApplicationId", id);
        context.SetOutput("Title", data.Title);
        context.SetOutput("TypeZh", data.Type.Zh());
        context.SetOutput("BranchId", branch.Id);
        context.SetOutput("BranchName", branch.Name);
        context.SetOutput("ApplicantUserName", application.ApplicantUserName);
        context.SetOutput("StartsAt", Iso(data.StartsAt));
        context.SetOutput("EndsAt", Iso(data.EndsAt));
        context.SetOutput("RemindAt", Iso(data.StartsAt.AddDays(-3)));
        context.SetOutput("ReportDueAt", Iso(data.EndsAt.AddDays(30)));
        context.JournalMessage = $"{branch.Name}：{data.Type.Zh()}“{data.Title}”已提交";
        return Done;
    }

    private static JsonObject ToJson(ActivityApplication a) => new()
    {
        ["branchId"] = a.BranchId,
        ["type"] = EnumWire.ToWire(a.Type),
        ["title"] = a.Title,
        ["startsAt"] = new DateTimeOffset(a.StartsAtUtc, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture),
        ["endsAt"] = new DateTimeOffset(a.EndsAtUtc, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture),
        ["venue"] = a.Venue,
        ["budget"] = a.Budget,
        ["involvesFunds"] = a.InvolvesFunds,
        ["sponsors"] = a.Sponsors,
        ["partners"] = a.Partners,
        ["agenda"] = a.Agenda,
    };
}

/// <summary>P4 steps 3 and 5: the leadership group's decision on the request (approved, rejected, returned) or a withdrawal.</summary>
public sealed class DecideActivityApplicationActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "DecideActivityApplication", AssociationCategories.ActivityApproval, "登记审批结论", "Record decision",
        "登记领导小组的审批结论：同意、驳回（注明理由）、退回修改（附意见），或分会撤回。",
        "Records approval, rejection (with the reason), return for changes (with comments) or withdrawal.",
        [
            In("ApplicationId", "String", "申请编号", "Application id", required: true),
            In("Decision", "String", "结论", "Decision", "approved / rejected / returned / withdrawn", "approved / rejected / returned / withdrawn", "dropdown",
                Dropdown(("approved", "同意"), ("rejected", "驳回"), ("returned", "退回修改"), ("withdrawn", "撤回")), required: true),
            In("Comment", "String", "意见", "Comment", uiHint: "multiline"),
        ],
        [Out("NewStatus", "String", "结论", "Decision"), Out("DecisionComment", "String", "意见", "Comment")]);

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var application = await RequireAsync<ActivityApplication>(db, await RequiredStringAsync(context, "ApplicationId"), "活动申请", context.CancellationToken);
        var text = await RequiredStringAsync(context, "Decision");
        if (!EnumWire.TryFromWire<ActivityStatus>(text, out var status) || status is not (ActivityStatus.Approved or ActivityStatus.Rejected or ActivityStatus.Returned or ActivityStatus.Withdrawn))
        {
            throw new ActivityFaultException($"结论 {text} 无效，应为 approved、rejected、returned 或 withdrawn。 / Unknown decision {text}.");
        }

        var comment = await OptionalStringAsync(context, "Comment");
        application.Status = status;
        application.DecidedAtUtc = UtcNow(context);
        application.DecisionComment = comment is { Length: > 1000 } ? comment[..1000] : comment;
        context.Workflow.State.Output["Result"] = EnumWire.ToWire(status);
        context.SetOutput("NewStatus", EnumWire.ToWire(status));
        context.SetOutput("DecisionComment", comment);
        context.JournalMessage = $"审批结论：{status}{(comment is null ? "" : "，" + comment)}";
        return Done;
    }
}

/// <summary>P4 step 4: the branch filed the activity summary and the financial settlement after the event.</summary>
public sealed class RecordActivityReportsActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "RecordActivityReports", AssociationCategories.ActivityApproval, "登记活动总结与结算", "Record summary and settlement",
        "登记活动结束后分会提交的活动总结和财务结算（收支由协会统一管理，000 §6.3），申请办结。",
        "Records the summary and the financial settlement filed after the event; the request is completed.",
        [In("ApplicationId", "String", "申请编号", "Application id", required: true), In("Reports", "Object", "报告表单", "Reports", "{summary, settlement}", "{summary, settlement}", "json-editor", required: true)],
        [Out("Message", "String", "说明", "Message")],
        ("Recorded", "已登记", "Recorded"), ("Invalid", "材料不全", "Incomplete"));

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var application = await RequireAsync<ActivityApplication>(db, await RequiredStringAsync(context, "ApplicationId"), "活动申请", context.CancellationToken);
        var form = await ObjectAsync(context, "Reports");
        var summary = Text(form, "summary");
        var settlement = Text(form, "settlement");
        if (summary is null || settlement is null)
        {
            var message = "须同时提交活动总结和财务结算 / both the summary and the settlement are required";
            context.SetOutput("Message", message);
            return "Invalid";
        }

        var now = UtcNow(context);
        application.SummaryFiledAtUtc ??= now;
        application.SettlementFiledAtUtc ??= now;
        application.Status = ActivityStatus.Completed;
        await RecordAsync(context, db, application.BranchId, BranchRecordKind.ActivityReport, null,
            $"“{application.Title}”活动总结与财务结算已提交", new { applicationId = application.Id, summary, settlement });
        context.Workflow.State.Output["Result"] = "completed";
        context.SetOutput("Message", "活动总结与财务结算已登记");
        return "Recorded";
    }
}

/// <summary>P4 step 5: an activity held without approval is a violation recorded against the branch heads (依纪依规追究, 000 §6.3).</summary>
public sealed class RecordViolationActivity : AssociationActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build(
        "RecordViolation", AssociationCategories.ActivityApproval, "登记违规", "Record violation",
        "未经审批擅自以协会或分会名义开展活动的，登记为违规，记在分会负责人（主任委员、副主任委员）名下，依纪依规追究（000 §6.3）。",
        "Records an unapproved activity as a violation against the branch heads (000 §6.3).",
        [
            In("BranchId", "String", "分会编号", "Branch id", required: true),
            In("ActivityApplicationId", "String", "活动申请编号", "Activity request"),
            In("Description", "String", "违规情况", "Description", uiHint: "multiline", required: true),
        ],
        [Out("Heads", "String", "负责人", "Heads"), Out("Message", "String", "说明", "Message")]);

    protected override async ValueTask<string> RunAsync(ActivityExecutionContext context)
    {
        var db = Db(context);
        var ct = context.CancellationToken;
        var today = Today(context);
        var branch = await BranchAsync(db, await RequiredStringAsync(context, "BranchId"), ct);
        var description = await RequiredStringAsync(context, "Description");
        var applicationId = await OptionalStringAsync(context, "ActivityApplicationId");
        var holders = await HoldersAsync(db, branch.Id, [OfficePosition.Chair, OfficePosition.ViceChair], ct);
        var current = CurrentTerm(holders, today).OrderByDescending(h => h.Position).ToList();
        var heads = new List<(string Id, string Name, OfficePosition Position)>();
        foreach (var holder in current)
        {
            if (await db.Set<Person>().FindAsync([holder.PersonId], ct) is { } person)
            {
                heads.Add((person.Id, person.Name, holder.Position));
            }
        }

        var names = heads.Count == 0 ? "（无在任负责人）" : string.Join("、", heads.Select(h => $"{h.Name}（{h.Position.Zh()}）"));
        var summary = $"违规：{description}；责任人：{names}";
        await RecordAsync(context, db, branch.Id, BranchRecordKind.Violation, null, summary,
            new { applicationId, description, heads = heads.Select(h => new { personId = h.Id, name = h.Name, position = EnumWire.ToWire(h.Position) }) });
        context.SetOutput("Heads", names);
        context.SetOutput("Message", summary);
        context.JournalMessage = summary;
        return Done;
    }
}
