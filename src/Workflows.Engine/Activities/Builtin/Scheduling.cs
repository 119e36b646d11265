using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Engine.Model;
using Workflows.Engine.Services;
using Workflows.Engine.Validation;
using static Workflows.Engine.Activities.Describe;

namespace Workflows.Engine.Activities.Builtin;

/// <summary>Bookmark kinds the runtime knows how to wake up.</summary>
public static class BookmarkKinds
{
    public const string Timer = "Timer";
    public const string Event = "Event";
    public const string HumanTask = "HumanTask";
    public const string ChildWorkflow = "ChildWorkflow";
}

/// <summary>Next occurrences of cron expressions; the runtime implements it with Quartz syntax on Cronos (Hangfire's parser).</summary>
public interface ICronSchedule
{
    DateTimeOffset? NextOccurrence(string cronExpression, DateTimeOffset after);

    /// <summary>Null when valid, else a message for people.</summary>
    string? Validate(string cronExpression);
}

/// <summary>Elsa.Delay: waits for a duration, durably (a timer bookmark the runtime fires once).</summary>
public sealed class DelayActivity : ActivityBase
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.Delay",
        Name = "Delay",
        Category = Categories.Scheduling,
        DisplayName = new("等待一段时间", "Delay"),
        Description = new("暂停指定的时长后继续（如 3.00:00:00 表示 3 天）。", "Waits for the given duration (e.g. 3.00:00:00 for three days)."),
        Inputs = [Input("TimeSpan", "TimeSpan", "时长", "Duration", "等待的时长，格式 d.hh:mm:ss 或 ISO 8601（P3D）。", "How long to wait: d.hh:mm:ss or ISO 8601 (P3D).", defaultValue: "00:01:00", required: true)],
    };

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var span = await context.GetTimeSpanAsync("TimeSpan") ?? TimeSpan.Zero;
        if (span <= TimeSpan.Zero)
        {
            context.Complete();
            return;
        }
        context.CreateBookmark(BookmarkKinds.Timer, dueAt: context.Now + span);
    }
}

/// <summary>Elsa.StartAt: waits until a due time (the date the secretariat sets, a deadline).</summary>
public sealed class StartAtActivity : ActivityBase
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.StartAt",
        Name = "StartAt",
        Category = Categories.Scheduling,
        DisplayName = new("定时到点", "Timer (due time)"),
        Description = new("等到指定的日期时间再继续；已过期则立即继续。", "Waits until the given date and time; continues at once if it has passed."),
        Inputs = [Input("DateTime", "DateTimeOffset", "时间", "Date and time", "到点时间（未写时区按北京时间）。", "The due time (Beijing time unless an offset is given).", uiHint: "datetime-picker", required: true)],
    };

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var due = await context.GetDateTimeAsync("DateTime");
        if (TimerActivity.IsTriggerOfWorkflow(context) || due is null || due <= context.Now)
        {
            context.Complete();
            return;
        }
        context.CreateBookmark(BookmarkKinds.Timer, dueAt: due);
    }
}

/// <summary>
/// Elsa.Timer: as a start trigger it starts the workflow at every interval (the scheduler does that); reached
/// in the middle of a flow it waits one interval.
/// </summary>
public sealed class TimerActivity : ActivityBase
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.Timer",
        Name = "Timer",
        Category = Categories.Scheduling,
        DisplayName = new("周期定时", "Timer"),
        Description = new("作为起点时按固定间隔启动流程；在流程中间则等待一个间隔。", "As a trigger, starts the workflow at a fixed interval; mid-flow, waits one interval."),
        Kind = ActivityKind.Trigger,
        Inputs = [Input("Interval", "TimeSpan", "间隔", "Interval", "间隔时长，格式 d.hh:mm:ss。", "The interval, d.hh:mm:ss.", defaultValue: "00:01:00", required: true)],
    };

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var interval = await context.GetTimeSpanAsync("Interval") ?? TimeSpan.FromMinutes(1);
        if (IsTriggerOfWorkflow(context))
        {
            context.Complete();
            return;
        }
        context.CreateBookmark(BookmarkKinds.Timer, dueAt: context.Now + interval);
    }

    /// <summary>
    /// Elsa's rule (Workflows.Core/Extensions/ActivityExecutionContextExtensions.cs IsTriggerOfWorkflow, used by
    /// Scheduling/Activities/Cron.cs, StartAt.cs, TimerBase.cs): a trigger completes at once only when it is the
    /// activity that started this instance; reached any other way, it waits.
    /// </summary>
    internal static bool IsTriggerOfWorkflow(ActivityExecutionContext context) => context.Workflow.TriggerActivityId == context.Node.Id;
}

/// <summary>Elsa.Cron: starts the workflow on a cron schedule (Quartz syntax, seconds first); mid-flow it waits for the next occurrence.</summary>
public sealed class CronActivity : ActivityBase
{
    public const string TypeName = "Elsa.Cron";

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = TypeName,
        Name = "Cron",
        Category = Categories.Scheduling,
        DisplayName = new("按计划启动（Cron）", "Cron"),
        Description = new("按 Cron 表达式（Quartz 格式，秒 分 时 日 月 周）定期启动流程，例如每年1月5日9点：0 0 9 5 1 ?",
            "Starts the workflow on a cron schedule (Quartz format: sec min hour day month weekday), e.g. 0 0 9 5 1 ? for 5 January 09:00."),
        Kind = ActivityKind.Trigger,
        Inputs = [Input("CronExpression", "String", "Cron 表达式", "Cron expression", "Quartz 格式的 Cron 表达式，按北京时间。", "A Quartz cron expression, in Beijing time.", required: true)],
    };

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var cron = await context.GetStringAsync("CronExpression");
        if (TimerActivity.IsTriggerOfWorkflow(context))
        {
            context.Complete();
            return;
        }
        var schedule = context.GetRequiredService<ICronSchedule>();
        var next = schedule.NextOccurrence(cron ?? "", context.Now)
            ?? throw new ActivityFaultException($"Cron 表达式 {cron} 没有下一次触发时间。 / Cron expression {cron} never fires again.");
        context.CreateBookmark(BookmarkKinds.Timer, dueAt: next);
    }

    public override IEnumerable<ValidationMessage> Validate(JsonObject activity, ValidationContext context)
    {
        var id = ActivityJson.Id(activity);
        var cron = activity.GetObject("cronExpression")?.GetObject("expression") is { } e && e.GetString("type") == "Literal" ? e.GetString("value") : null;
        if (string.IsNullOrWhiteSpace(cron))
            yield return context.Incomplete("cron.missing", $"活动 {id} 没有填写 Cron 表达式。", $"Activity {id} has no cron expression.", id);
    }
}

/// <summary>Elsa.Event: waits for a named event, scoped to the instance's correlation id.</summary>
public sealed class EventActivity : ActivityBase
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.Event",
        Name = "Event",
        Category = Categories.Primitives,
        DisplayName = new("等待事件", "Event"),
        Description = new("等待一个指定名称的事件（按关联号匹配实例）；事件的数据作为结果输出。", "Waits for a named event (matched to instances by correlation id); the event payload is the result."),
        Kind = ActivityKind.Trigger,
        Inputs = [Input("EventName", "String", "事件名", "Event name", "要等待的事件名称。", "The name of the event to wait for.", required: true)],
        Outputs = [Output("Result", "Object", "事件数据", "Payload", "事件携带的数据。", "The payload of the event.")],
    };

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var name = await context.GetStringAsync("EventName");
        if (string.IsNullOrWhiteSpace(name)) throw new ActivityFaultException("没有填写事件名。 / No event name given.");
        if (context.Workflow.TriggerActivityId == context.Node.Id)
        {
            context.SetOutput("Result", context.Workflow.State.Input.DeepClone());
            context.Complete();
            return;
        }
        context.CreateBookmark(BookmarkKinds.Event, name: name, correlationId: context.CorrelationId);
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context, BookmarkState bookmark, JsonNode? payload)
    {
        context.SetOutput("Result", payload);
        context.Complete();
        return ValueTask.CompletedTask;
    }
}

public sealed class PublishEventActivity : CodeActivity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.PublishEvent",
        Name = "PublishEvent",
        Category = Categories.Primitives,
        DisplayName = new("发布事件", "Publish event"),
        Description = new("发布一个事件，唤醒等待它的实例（可限定关联号或仅本实例）。", "Publishes an event that resumes the instances waiting for it."),
        Inputs =
        [
            Input("EventName", "String", "事件名", "Event name", "要发布的事件名称。", "The name of the event.", required: true),
            Input("CorrelationId", "String", "关联号", "Correlation ID", "只投递给该关联号的实例（留空则投递给全部等待者）。", "Only instances with this correlation id (all waiting instances when empty)."),
            Input("IsLocalEvent", "Boolean", "仅本实例", "Local event", "只投递给本实例。", "Deliver to this instance only.", uiHint: "checkbox", defaultValue: false),
            Input("Payload", "Object", "数据", "Payload", "随事件发送的数据。", "The payload to send with the event.", uiHint: "json-editor"),
        ],
    };

    protected override async ValueTask RunAsync(ActivityExecutionContext context)
    {
        var name = await context.GetStringAsync("EventName");
        if (string.IsNullOrWhiteSpace(name)) throw new ActivityFaultException("没有填写事件名。 / No event name given.");
        var publisher = context.GetRequiredService<IEventPublisher>();
        await publisher.PublishAsync(
            new EventRequest(context.InstanceId, name, await context.GetStringAsync("CorrelationId"), await context.GetBoolAsync("IsLocalEvent"), await context.EvaluateInputAsync("Payload")),
            context.CancellationToken);
    }
}
