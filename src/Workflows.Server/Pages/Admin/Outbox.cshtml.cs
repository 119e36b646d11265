using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workflows.Runtime.Mail.Outbox;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;
using Workflows.Server.Hosting;

namespace Workflows.Server.Pages.Admin;

/// <summary>The outbox: mails waiting, sent and failed, with recipients, attempts and the last error; a failed mail can be sent again.</summary>
[Authorize(Policy = Policies.Secretariat)]
public sealed class OutboxModel(OutboxAdmin admin, Workflows.Runtime.Persistence.WorkflowsDbContext db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageIndex { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }

    public OutboxPage List { get; private set; } = new([], 0, new Dictionary<string, int>());
    public OutboxRecord? Selected { get; private set; }
    public IReadOnlyList<OutboxDeliveryRecord> Deliveries { get; private set; } = [];

    /// <summary>Role keys by their names, so a recipient "role:secretariat" reads 秘书处.</summary>
    private Dictionary<string, string> _roles = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        _roles = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToDictionaryAsync(db.Roles, r => r.Key, r => Ui.T(r.NameZh, r.NameEn), cancellationToken);
        if (Status is not null && !OutboxAdmin.Statuses.Contains(Status))
        {
            Error = Ui.T($"未知的状态：{Status}", $"Unknown status: {Status}");
            Status = null;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRetryAsync(string id, CancellationToken cancellationToken)
    {
        var (succeeded, message) = await admin.RetryAsync(id, User.FindFirst(Claims.UserName)?.Value ?? "?", cancellationToken);
        var text = Ui.IsEnglish ? SchedulesModel.English(message) : SchedulesModel.Chinese(message);
        if (succeeded)
        {
            Message = text;
            return RedirectToPage(new { status = Status, id });
        }
        Error = text;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        List = await admin.ListAsync(Status, Math.Max(PageIndex, 0), PageSize, cancellationToken);
        if (!string.IsNullOrEmpty(Id))
        {
            Selected = await admin.FindAsync(Id, cancellationToken);
            if (Selected is not null) Deliveries = await admin.DeliveriesAsync(Id, cancellationToken);
        }
    }

    /// <summary>The template's name as people know it.</summary>
    public static string TemplateLabel(string? template) => template?.ToUpperInvariant() switch
    {
        null or "" => Ui.T("自定义邮件", "Custom mail"),
        "TASKASSIGNED" => Ui.T("新待办", "New task"),
        "REMINDER" => Ui.T("到期提醒", "Reminder"),
        "URGE" => Ui.T("催办", "Urge"),
        "ESCALATION" => Ui.T("超期升级", "Escalation"),
        "DECISION" => Ui.T("审批结果", "Decision"),
        "RESULTPUBLISHED" => Ui.T("结果公布", "Result published"),
        "APPLICATIONRETURNED" => Ui.T("申请被退回", "Application returned"),
        "CARBONCOPY" => Ui.T("抄送", "Carbon copy"),
        _ => template,
    };

    public static string StatusLabel(string status) => status switch
    {
        OutboxStatuses.Pending => Ui.T("待发送", "Pending"),
        OutboxStatuses.Sent => Ui.T("已发送", "Sent"),
        OutboxStatuses.Failed => Ui.T("发送失败", "Failed"),
        OutboxDeliveryStatuses.Deferred => Ui.T("暂未送达，将重试", "Deferred"),
        OutboxDeliveryStatuses.Unresolved => Ui.T("收件人无法解析", "Unresolved"),
        OutboxDeliveryStatuses.Requeued => Ui.T("已手动重发", "Sent again by hand"),
        _ => status,
    };

    public static string StatusClass(string status) => status switch
    {
        OutboxStatuses.Sent => "ok",
        OutboxStatuses.Failed or OutboxDeliveryStatuses.Unresolved => "bad",
        _ => "warn",
    };

    /// <summary>A stored message "中文 / English" in the reader's language.</summary>
    public static string? Text(string? message) =>
        message is null ? null : Ui.IsEnglish ? SchedulesModel.English(message) : SchedulesModel.Chinese(message);

    /// <summary>The recipients as written in the row (addresses, user names), a role by its name.</summary>
    public string Recipients(OutboxRecord row)
    {
        string Name(string r) => r.StartsWith("role:", StringComparison.Ordinal) && _roles.TryGetValue(r[5..], out var role) ? Ui.T("角色：", "role: ") + role : r;
        var to = OutboxMailComposerAccess.List(row.ToJson).Select(Name).ToList();
        var cc = OutboxMailComposerAccess.List(row.CcJson).Select(Name).ToList();
        return cc.Count == 0 ? string.Join(", ", to) : $"{string.Join(", ", to)}；{Ui.T("抄送", "Cc")} {string.Join(", ", cc)}";
    }
}

/// <summary>Reads recipient lists for display; a malformed list shows as it is stored.</summary>
internal static class OutboxMailComposerAccess
{
    public static IReadOnlyList<string> List(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(json) is System.Text.Json.Nodes.JsonArray array
                ? array.Select(n => n?.ToString() ?? "").ToList()
                : [json];
        }
        catch (System.Text.Json.JsonException)
        {
            return [json];
        }
    }
}
