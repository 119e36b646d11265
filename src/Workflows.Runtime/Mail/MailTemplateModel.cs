namespace Workflows.Runtime.Mail;

/// <summary>
/// The values a mail template may show. Plain text: the renderer HTML-encodes every value for the HTML part.
/// Optional values that a template needs make <see cref="MailTemplateRenderer.Render"/> throw (see
/// <see cref="MailTemplateKind"/> for what each kind needs); other empty values leave their line out.
/// </summary>
public sealed record MailTemplateModel
{
    /// <summary>How to address the recipient, e.g. <c>张三</c>.</summary>
    public required string RecipientName { get; init; }

    /// <summary>The process (workflow) name, e.g. <c>分支机构年度考核</c>.</summary>
    public required string ProcessName { get; init; }

    /// <summary>The human task, e.g. <c>秘书处初审</c>.</summary>
    public string? TaskTitle { get; init; }

    /// <summary>The application or instance, e.g. <c>2026年度学术年会举办申请</c>.</summary>
    public string? InstanceTitle { get; init; }

    /// <summary>The due date; shown in China time (Asia/Shanghai) in the mail's language.</summary>
    public DateTimeOffset? DueDate { get; init; }

    /// <summary>The outcome as the recipient should read it, in the mail's language (a decision, a published grade).</summary>
    public string? Outcome { get; init; }

    /// <summary>An approver's comment, a reason for returning, an urging message. May span lines.</summary>
    public string? Comment { get; init; }

    /// <summary>The person who acted (approver, urger, the one who copied); for <see cref="MailTemplateKind.Escalation"/> the overdue assignee.</summary>
    public string? ActorName { get; init; }

    /// <summary>Absolute http(s) link to the task or instance, from <see cref="MailLinkBuilder"/>.</summary>
    public Uri? Link { get; init; }
}

/// <summary>A rendered mail. <see cref="Culture"/> is the template culture actually used (after fallback).</summary>
public sealed record RenderedMail(string Subject, string Html, string Text, string Culture);
