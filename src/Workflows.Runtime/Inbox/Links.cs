namespace Workflows.Runtime.Inbox;

/// <summary>
/// Paths of the pages people are sent to from mails and notifications, relative to the public base URL.
/// Pages and mail templates both use these, so a link in a mail always lands on a page that exists.
/// </summary>
public static class Links
{
    public static string Task(string taskId) => $"/inbox/tasks/{Uri.EscapeDataString(taskId)}";

    public static string Instance(string instanceId) => $"/processes/instances/{Uri.EscapeDataString(instanceId)}";

    public const string Inbox = "/inbox";
}
