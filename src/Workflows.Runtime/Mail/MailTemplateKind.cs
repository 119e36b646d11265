namespace Workflows.Runtime.Mail;

/// <summary>The mails the workflow sends. Each kind's texts are in <c>Mail/Templates/&lt;Kind&gt;Template.cs</c>.</summary>
public enum MailTemplateKind
{
    /// <summary>新待办: a task was assigned to the recipient. Needs <see cref="MailTemplateModel.TaskTitle"/>.</summary>
    TaskAssigned,

    /// <summary>到期提醒: the scheduler reminds the assignee of the due date. Needs TaskTitle and DueDate.</summary>
    Reminder,

    /// <summary>催办: a person (ActorName) urges the assignee to act; optional message in Comment. Needs TaskTitle and ActorName.</summary>
    Urge,

    /// <summary>超期升级: an overdue task is escalated to the recipient (a supervisor); ActorName is the overdue assignee. Needs TaskTitle and DueDate.</summary>
    Escalation,

    /// <summary>审批结果: the applicant learns the decision (Outcome, see <see cref="MailTemplateRenderer.DescribeDecision"/>). Needs InstanceTitle and Outcome.</summary>
    Decision,

    /// <summary>结果公布: the result of a process (assessment, review) is published; Outcome optional. Needs InstanceTitle.</summary>
    ResultPublished,

    /// <summary>申请被退回: the applicant must revise and resubmit; reason in Comment, deadline in DueDate. Needs InstanceTitle.</summary>
    ApplicationReturned,

    /// <summary>抄送: the recipient is copied for information only; ActorName is who copied them. Needs InstanceTitle.</summary>
    CarbonCopy,
}

/// <summary>The decisions an approver can take, worded for the recipient by <see cref="MailTemplateRenderer.DescribeDecision"/>.</summary>
public enum MailDecision
{
    Approved,
    Rejected,
    Returned,
}
