using Workflows.Engine.Activities;

namespace Workflows.Runtime.Inbox;

/// <summary>What an audit record says happened. The names are stable (exports and queries use them).</summary>
public static class AuditActions
{
    public const string Claim = "Claim";
    public const string Release = "Release";
    public const string Complete = "Complete";
    public const string Sign = "Sign";
    public const string CountersignDecided = "CountersignDecided";
    public const string Return = "Return";
    public const string Transfer = "Transfer";
    public const string Delegate = "Delegate";
    public const string ResolveDelegation = "ResolveDelegation";
    public const string Withdraw = "Withdraw";
    public const string Urge = "Urge";
    public const string CarbonCopy = "CarbonCopy";
    public const string Read = "Read";
    public const string AddSigner = "AddSigner";
    public const string RemoveSigner = "RemoveSigner";

    /// <summary>The secretariat records a member's vote cast on paper (with the reason, and the member in the details).</summary>
    public const string PaperVote = "PaperVote";
    public const string Attach = "Attach";
    public const string Remind = "Remind";
    public const string Escalate = "Escalate";

    /// <summary>The scheduler's name in the trail.</summary>
    public const string SystemActor = "system";

    /// <summary>Actions that put a task in the actor's "done" list (已办): they took it somewhere.</summary>
    public static readonly IReadOnlyList<string> Done = [Complete, Sign, Return, Transfer, Delegate, ResolveDelegation];

    /// <summary>Actions by someone other than the initiator after which the initiator may no longer withdraw (撤回).</summary>
    public static readonly IReadOnlyList<string> Decisions = [Complete, Sign, Return, ResolveDelegation];

    private static readonly Dictionary<string, LocalizedText> Labels = new(StringComparer.Ordinal)
    {
        [Claim] = new("认领", "Claimed"),
        [Release] = new("释放", "Released"),
        [Complete] = new("办理", "Completed"),
        [Sign] = new("会签", "Signed"),
        [CountersignDecided] = new("会签结束", "Countersign decided"),
        [Return] = new("退回", "Returned"),
        [Transfer] = new("转办", "Transferred"),
        [Delegate] = new("委派", "Delegated"),
        [ResolveDelegation] = new("受托办理", "Delegate acted"),
        [Withdraw] = new("撤回", "Withdrawn"),
        [Urge] = new("催办", "Urged"),
        [CarbonCopy] = new("抄送", "Copied"),
        [Read] = new("已阅", "Read"),
        [AddSigner] = new("加签", "Signer added"),
        [RemoveSigner] = new("减签", "Signer removed"),
        [PaperVote] = new("代录纸质表决", "Paper vote recorded"),
        [Attach] = new("上传附件", "Attachment added"),
        [Remind] = new("到期提醒", "Reminder sent"),
        [Escalate] = new("超期升级", "Escalated"),
    };

    public static LocalizedText Label(string action) => Labels.TryGetValue(action, out var label) ? label : new(action, action);
}
