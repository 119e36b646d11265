using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using Workflows.Engine.Services;
using Workflows.Engine.Validation;
using static Workflows.Engine.Activities.Describe;

namespace Workflows.Engine.Activities.Builtin;

/// <summary>
/// A step for people: creates an inbox task (through <see cref="IHumanTaskGateway"/>) and waits for the
/// decision, then continues on the port named by the chosen outcome. Countersign rules, delegation and the
/// rest are the inbox's business; this activity only receives the final decision.
/// </summary>
public sealed class HumanTaskActivity : ActivityBase
{
    public const string TypeName = "Workflows.HumanTask";
    public static readonly string[] DefaultOutcomes = ["Approve", "Reject"];

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = TypeName,
        Name = "HumanTask",
        Category = Categories.Approval,
        DisplayName = new("人工审批", "Human task"),
        Description = new("向指定人员或角色派发待办，等待其办理，按所选结果（同意、驳回、退回……）走对应出口。",
            "Assigns a task to a person or role, waits for the decision, and continues on the port of the chosen outcome."),
        Kind = ActivityKind.Task,
        Inputs =
        [
            Input("Title", "String", "标题", "Title", "待办标题（可用表达式）。", "Task title (may be an expression).", required: true, order: 0),
            Input("Description", "String", "说明", "Description", "给办理人的说明。", "Instructions for the assignee.", uiHint: "multiline", order: 1),
            Input("Assignee", "String[]", "办理人", "Assignee", "办理人用户名，可多个（逗号分隔）。", "User name(s) of the assignee(s), comma separated.", order: 2),
            Input("CandidateRole", "String", "候选角色", "Candidate role", "由该角色中任一成员认领办理；会签时为全部成员。", "Any holder of this role may claim it; with countersign, all holders sign.", uiHint: "dropdown",
                uiSpecifications: Dropdown(
                    ("", "（无）"), ("secretariat", "秘书处"), ("leadershipGroupLeader", "领导小组组长"), ("leadershipGroupDeputy", "领导小组副组长"),
                    ("leadershipGroupMember", "领导小组成员"), ("partyCommittee", "协会党委"), ("standingCouncil", "常务理事会"), ("expert", "专家"),
                    ("branchChair", "分会主任委员"), ("memberUnit", "会员单位"), ("admin", "管理员")), order: 3),
            Input("Outcomes", "String[]", "办理结果", "Outcomes", "可选的办理结果，每个结果是一个出口，如 Approve、Reject、Return。", "The outcomes the assignee can choose; each is an outlet (Approve, Reject, Return...).",
                uiHint: "dynamic-outcomes", defaultValue: Strings(DefaultOutcomes), order: 4),
            Input("OutcomeLabels", "Object", "结果显示名", "Outcome labels", "结果的中文显示名，如 {\"Approve\":\"同意\"}；常用结果已内置。", "Display names of outcomes, e.g. {\"Approve\":\"同意\"}; common ones are built in.", uiHint: "json-editor", order: 5),
            Input("CommentRequiredFor", "String[]", "须填意见的结果", "Comment required for", "选择这些结果时必须填写意见。", "Outcomes that require a comment.", uiHint: "multitext", defaultValue: Strings("Reject", "Return"), order: 6),
            Input("DueIn", "TimeSpan", "办理时限", "Due in", "从派发起的办理时限，如 7.00:00:00 表示 7 天。", "Time allowed from assignment, e.g. 7.00:00:00 for seven days.", order: 7),
            Input("DueAt", "DateTimeOffset", "截止时间", "Due at", "固定的截止时间（优先于办理时限）。", "A fixed deadline (wins over Due in).", uiHint: "datetime-picker", order: 8),
            Input("RemindBefore", "String[]", "提前提醒", "Remind before", "截止前多久提醒，如 3.00:00:00、1.00:00:00。", "When to remind before the deadline, e.g. 3.00:00:00, 1.00:00:00.", uiHint: "multitext", defaultValue: Strings("3.00:00:00", "1.00:00:00"), order: 9),
            Input("EscalateTo", "String", "超期升级至", "Escalate to", "超期后升级给的用户名或 role:角色。", "User name or role:key to escalate to after the deadline.", order: 10),
            Input("Form", "Object", "表单", "Form", "表单字段 [{name,label,type,required,mode,options,variable}]，mode 为 editable/readonly/hidden。", "Form fields [{name,label,type,required,mode,options,variable}]; mode is editable/readonly/hidden.", uiHint: "json-editor", order: 11),
            Input("Countersign", "Object", "会签", "Countersign", "会签设置 {mode: all|any|ratio, ratio, order: parallel|sequential, rejectRule: anyReject|afterAll, signers: [...]}。", "Countersign: {mode: all|any|ratio, ratio, order: parallel|sequential, rejectRule, signers}.", uiHint: "json-editor", order: 12),
            Input("Context", "Object", "业务信息", "Context", "在待办中展示和筛选用的业务信息，如 {\"branchId\":..., \"process\":\"P3\"}。", "Business context shown on the task and used by filters.", uiHint: "json-editor", order: 13),
            Input("Priority", "Int32", "优先级", "Priority", "数字越大越优先。", "Higher is more urgent.", defaultValue: 0, order: 14),
            // Read by the inbox's batch approval from the pinned definition, not by the task itself.
            Input("BatchOutcome", "String", "批量办理结果", "Batch outcome", "可在待办列表中批量办理时给出的结果（如 Approve）；留空则不可批量办理。该环节须无必填表单，该结果须无须填写意见。",
                "The outcome given when approved in a batch from the inbox (e.g. Approve); empty: not batch-approvable. The step must have no required form field and the outcome no required comment.", order: 15),
        ],
        Outputs =
        [
            Output("Outcome", "String", "办理结果", "Outcome"),
            Output("Comment", "String", "办理意见", "Comment"),
            Output("FormData", "Object", "表单数据", "Form data"),
            Output("Actor", "String", "办理人", "Actor"),
            Output("TaskId", "String", "待办编号", "Task id"),
            // A countersign's tally {approvals, rejections, total, signatures: [{userName, decision, comment, at}]},
            // so a vote's ballots reach the activity that records them without anyone typing them again.
            Output("CountersignResult", "Object", "会签结果", "Countersign result"),
        ],
    };

    /// <summary>Display names of the outcomes people meet most; a definition can override them with OutcomeLabels.</summary>
    public static IReadOnlyDictionary<string, LocalizedText> KnownOutcomeLabels { get; } = new Dictionary<string, LocalizedText>(StringComparer.OrdinalIgnoreCase)
    {
        ["Approve"] = new("同意", "Approve"),
        ["Reject"] = new("驳回", "Reject"),
        ["Return"] = new("退回修改", "Return"),
        ["Pass"] = new("通过", "Pass"),
        ["Fail"] = new("不通过", "Fail"),
        ["Submit"] = new("提交", "Submit"),
        ["Done"] = new("完成", "Done"),
        ["Confirm"] = new("确认", "Confirm"),
        ["Excellent"] = new("优秀", "Excellent"),
        ["Qualified"] = new("合格", "Pass"),
        ["Unqualified"] = new("不合格", "Fail"),
        ["Acknowledge"] = new("知悉", "Acknowledge"),
    };

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var title = await context.GetStringAsync("Title");
        if (string.IsNullOrWhiteSpace(title)) title = context.Node.Label;
        var outcomes = await context.GetStringListAsync("Outcomes");
        if (outcomes.Count == 0) outcomes = DefaultOutcomes;
        var dueAt = await context.GetDateTimeAsync("DueAt");
        if (dueAt is null && await context.GetTimeSpanAsync("DueIn") is { } dueIn) dueAt = context.Now + dueIn;
        var remind = new List<TimeSpan>();
        foreach (var text in await context.GetStringListAsync("RemindBefore"))
        {
            remind.Add(ValueConversion.ToTimeSpan(JsonValue.Create(text))
                ?? throw new ActivityFaultException($"提前提醒时长 {text} 格式不对（例如 1.00:00:00）。 / Bad reminder offset {text}."));
        }

        var assignees = await context.GetStringListAsync("Assignee");
        var role = await context.GetStringAsync("CandidateRole");
        if (assignees.Count == 0 && string.IsNullOrWhiteSpace(role))
            throw new ActivityFaultException($"待办“{title}”既没有办理人也没有候选角色。 / Task \"{title}\" has neither an assignee nor a candidate role.");

        var bookmarkId = context.NewId();
        var gateway = context.GetRequiredService<IHumanTaskGateway>();
        var taskId = await gateway.CreateTaskAsync(new HumanTaskRequest
        {
            InstanceId = context.InstanceId,
            BookmarkId = bookmarkId,
            ActivityId = context.Node.Id,
            ActivityNodeId = context.Node.NodeId,
            ActivityExecutionId = context.Id,
            Title = title,
            Description = await context.GetStringAsync("Description"),
            Assignees = assignees,
            CandidateRole = string.IsNullOrWhiteSpace(role) ? null : role,
            Outcomes = outcomes,
            OutcomeLabels = await context.EvaluateInputAsync("OutcomeLabels") as JsonObject,
            CommentRequiredFor = await context.GetStringListAsync("CommentRequiredFor"),
            DueAt = dueAt,
            RemindBefore = remind,
            EscalateTo = await context.GetStringAsync("EscalateTo"),
            Form = ValueConversion.ToArray(await context.EvaluateInputAsync("Form")),
            Countersign = await context.EvaluateInputAsync("Countersign") as JsonObject,
            Context = await context.EvaluateInputAsync("Context") as JsonObject,
            Priority = (int)(await context.GetNumberAsync("Priority") ?? 0),
        }, context.CancellationToken);

        context.Properties["taskId"] = taskId;
        context.Properties["outcomes"] = Strings([.. outcomes]);
        context.SetOutput("TaskId", taskId);
        context.CreateBookmark(BookmarkKinds.HumanTask, name: taskId, payload: new JsonObject { ["title"] = title }, id: bookmarkId);
        context.JournalMessage = $"待办“{title}”已派发 / task assigned";
    }

    /// <summary>
    /// Payload from the inbox: <c>{outcome, comment, formData, actor, returnTo?}</c>. <c>returnTo</c> sends the flow
    /// back to an earlier step of the same flowchart instead of following a port.
    /// </summary>
    public override ValueTask ResumeAsync(ActivityExecutionContext context, BookmarkState bookmark, JsonNode? payload)
    {
        var decision = payload as JsonObject ?? [];
        var outcome = decision.GetString("outcome");
        var outcomes = ValueConversion.ToStringList(context.Properties["outcomes"]);
        context.SetOutput("Comment", decision["comment"]?.DeepClone());
        context.SetOutput("FormData", decision["formData"]?.DeepClone());
        context.SetOutput("Actor", decision["actor"]?.DeepClone());
        context.SetOutput("CountersignResult", decision["countersign"]?.DeepClone());
        BindFormVariables(context, decision.GetObject("formData"));

        if (decision.GetString("returnTo") is { Length: > 0 } returnTo)
        {
            context.SetOutput("Outcome", "Return");
            context.CompleteAndJump(returnTo);
            return ValueTask.CompletedTask;
        }

        if (outcome is null || !outcomes.Contains(outcome, StringComparer.Ordinal))
            throw new ActivityFaultException($"办理结果 {outcome} 不在允许的结果 {string.Join("、", outcomes)} 之中。 / Outcome {outcome} is not one of {string.Join(", ", outcomes)}.");
        context.SetOutput("Outcome", outcome);
        context.Complete(outcome);
        return ValueTask.CompletedTask;
    }

    /// <summary>Form fields that name a variable write the submitted value into it.</summary>
    private static void BindFormVariables(ActivityExecutionContext context, JsonObject? formData)
    {
        if (formData is null) return;
        var fields = context.Node.Json.GetObject("form")?.GetObject("expression")?["value"] is { } value ? ValueConversion.ToArray(value) : null;
        foreach (var field in (fields ?? []).OfType<JsonObject>())
        {
            if (field.GetString("variable") is { Length: > 0 } variable && field.GetString("name") is { } name && formData.TryGetPropertyValue(name, out var submitted))
                context.SetVariableByIdOrName(variable, submitted?.DeepClone());
        }
    }

    public override IReadOnlyList<string> GetOutcomes(JsonObject activity)
    {
        var outcomes = OutcomeList.Read(activity, "outcomes");
        return outcomes.Count > 0 ? outcomes : DefaultOutcomes;
    }

    public override IEnumerable<ValidationMessage> Validate(JsonObject activity, ValidationContext context)
    {
        var id = ActivityJson.Id(activity);
        if (!activity.ContainsKey("title"))
            yield return context.Incomplete("humanTask.title", $"审批活动 {id} 没有标题。", $"Human task {id} has no title.", id);
        if (!activity.ContainsKey("assignee") && !activity.ContainsKey("candidateRole"))
            yield return context.Incomplete("humanTask.assignee", $"审批活动 {id} 既没有办理人也没有候选角色。", $"Human task {id} has neither an assignee nor a candidate role.", id);
        if (activity.GetObject("form")?.GetObject("expression") is { } form && form.GetString("type") is "Object" or "Literal"
            && ValueConversion.ToText(form["value"]) is { Length: > 0 } text && ValueConversion.TryParse(text) is not JsonArray)
            yield return ValidationMessage.Error("humanTask.form", $"审批活动 {id} 的表单必须是字段数组。", $"The form of human task {id} must be an array of fields.", id);
    }
}

/// <summary>Elsa.SendEmail: queues a mail in the outbox (same transaction as the step); sending happens later with retries.</summary>
public sealed class SendEmailActivity : CodeActivity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.SendEmail",
        Name = "SendEmail",
        Category = Categories.Notification,
        DisplayName = new("发送邮件", "Send email"),
        Description = new("把邮件放入发件箱，由后台可靠发送（失败自动重试）。收件人可写邮箱、用户名或 role:角色。",
            "Queues a mail in the outbox; it is sent in the background with retries. Recipients: addresses, user names or role:key."),
        Inputs =
        [
            Input("From", "String", "发件人", "From", "发件地址（留空用系统默认）。", "Sender (system default when empty).", order: 0),
            Input("To", "String[]", "收件人", "To", "邮箱、用户名或 role:角色。", "Addresses, user names or role:key.", uiHint: "multitext", required: true, order: 1),
            Input("Cc", "String[]", "抄送", "Cc", "抄送人。", "Copy to.", uiHint: "multitext", order: 2),
            Input("Bcc", "String[]", "密送", "Bcc", "密送人。", "Blind copy to.", uiHint: "multitext", order: 3),
            Input("Subject", "String", "主题", "Subject", "邮件主题（使用模板时可留空）。", "Subject (may be empty with a template).", order: 4),
            Input("Body", "String", "正文", "Body", "邮件正文（HTML）。", "Body (HTML).", uiHint: "multiline", order: 5),
            Input("Template", "String", "模板", "Template", "使用内置模板（按收件人语言渲染）。", "Use a built-in template (rendered in the recipient's language).", uiHint: "dropdown",
                uiSpecifications: Dropdown(("", "（不使用模板）"), ("decision", "审批结果"), ("resultPublished", "结果公布"), ("applicationReturned", "申请被退回"), ("taskAssigned", "新待办"), ("reminder", "到期提醒"), ("escalation", "超期升级")), order: 6),
            Input("Model", "Object", "模板数据", "Template data", "模板用的数据，如 {\"processName\":..., \"outcome\":..., \"comment\":...}。", "Data for the template.", uiHint: "json-editor", order: 7),
        ],
    };

    protected override async ValueTask RunAsync(ActivityExecutionContext context)
    {
        var to = await context.GetStringListAsync("To");
        if (to.Count == 0) throw new ActivityFaultException("邮件没有收件人。 / The mail has no recipient.");
        var template = await context.GetStringAsync("Template");
        var subject = await context.GetStringAsync("Subject");
        if (string.IsNullOrWhiteSpace(template) && string.IsNullOrWhiteSpace(subject))
            throw new ActivityFaultException("邮件既没有主题也没有模板。 / The mail has neither a subject nor a template.");

        var queue = context.GetRequiredService<IMailQueue>();
        await queue.EnqueueAsync(new MailRequest
        {
            InstanceId = context.InstanceId,
            // One mail per activity execution: a re-run of a burst that never committed makes no second row.
            IdempotencyKey = $"{context.InstanceId}:{context.Id}",
            To = to,
            Cc = await context.GetStringListAsync("Cc"),
            Bcc = await context.GetStringListAsync("Bcc"),
            From = await context.GetStringAsync("From"),
            Subject = subject,
            Body = await context.GetStringAsync("Body"),
            Template = string.IsNullOrWhiteSpace(template) ? null : template,
            Model = await context.EvaluateInputAsync("Model") as JsonObject,
        }, context.CancellationToken);
        context.JournalMessage = $"邮件已放入发件箱：{string.Join(", ", to)} / mail queued";
    }

    public override IEnumerable<ValidationMessage> Validate(JsonObject activity, ValidationContext context)
    {
        var id = ActivityJson.Id(activity);
        if (!activity.ContainsKey("to"))
            yield return context.Incomplete("sendEmail.to", $"发送邮件活动 {id} 没有收件人。", $"Send-email activity {id} has no recipient.", id);
    }
}
