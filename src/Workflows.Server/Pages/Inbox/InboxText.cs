using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;
using Workflows.Server.Hosting;

namespace Workflows.Server.Pages.Inbox;

/// <summary>Display helpers shared by the inbox pages: China time, status and due-state labels and badges.</summary>
public static class InboxText
{
    public static string Time(DateTime? utc) => Display.Time(utc, "—");

    public static string Status(string status) => status switch
    {
        TaskStatuses.Open => Ui.T("办理中", "Open"),
        TaskStatuses.Completed => Ui.T("已办结", "Completed"),
        TaskStatuses.Withdrawn => Ui.T("已撤回", "Withdrawn"),
        TaskStatuses.Cancelled => Ui.T("已取消", "Cancelled"),
        _ => status,
    };

    public static string DueLabel(DueState state)
    {
        var label = DueStates.Label(state);
        return Ui.T(label.Zh, label.En);
    }

    public static string DueClass(DueState state) => state switch
    {
        DueState.Overdue => "badge bad",
        DueState.Warning => "badge warn",
        DueState.Normal => "badge ok",
        _ => "badge",
    };

    public static string SignerStatus(string status) => status switch
    {
        SignerStatuses.Pending => Ui.T("待签", "To sign"),
        SignerStatuses.Waiting => Ui.T("等待中", "Waiting"),
        SignerStatuses.Signed => Ui.T("已签", "Signed"),
        SignerStatuses.Skipped => Ui.T("无需签署", "Not needed"),
        SignerStatuses.Removed => Ui.T("已减签", "Removed"),
        _ => status,
    };

    public static string Text(Workflows.Engine.Activities.LocalizedText text) => Ui.T(text.Zh, text.En);
}
