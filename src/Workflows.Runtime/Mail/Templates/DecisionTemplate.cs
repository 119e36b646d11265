namespace Workflows.Runtime.Mail.Templates;

/// <summary>审批结果: the applicant learns a decision. Outcome: from MailTemplateRenderer.DescribeDecision; ActorName: the approver.</summary>
internal static class DecisionTemplate
{
    public static readonly TemplateSource Source = new(
        MailTemplateKind.Decision,
        ZhCn: new(
            Subject: "【审批结果】{{ProcessName}}：{{InstanceTitle}}（{{Outcome}}）",
            Html: """
                <p>{{RecipientName}}，您好：</p>
                <p>您提交的申请已有审批结果：<strong>{{Outcome}}</strong>。</p>
                <table role="presentation">
                <tr><th>流程</th><td>{{ProcessName}}</td></tr>
                <tr><th>申请</th><td>{{InstanceTitle}}</td></tr>
                {{#TaskTitle}}
                <tr><th>审批环节</th><td>{{TaskTitle}}</td></tr>
                {{/TaskTitle}}
                <tr><th>审批结果</th><td><strong>{{Outcome}}</strong></td></tr>
                {{#ActorName}}
                <tr><th>审批人</th><td>{{ActorName}}</td></tr>
                {{/ActorName}}
                {{#Comment}}
                <tr><th>审批意见</th><td>{{Comment}}</td></tr>
                {{/Comment}}
                </table>
                {{#Link}}
                <p><a class="button" href="{{Link}}">查看详情</a></p>
                <p class="hint">如果按钮无法打开，请将以下地址复制到浏览器中访问：<br>{{Link}}</p>
                {{/Link}}
                """,
            Text: """
                {{RecipientName}}，您好：

                您提交的申请已有审批结果：{{Outcome}}。

                流程：{{ProcessName}}
                申请：{{InstanceTitle}}
                {{#TaskTitle}}
                审批环节：{{TaskTitle}}
                {{/TaskTitle}}
                审批结果：{{Outcome}}
                {{#ActorName}}
                审批人：{{ActorName}}
                {{/ActorName}}
                {{#Comment}}
                审批意见：{{Comment}}
                {{/Comment}}
                {{#Link}}

                查看详情：{{Link}}
                {{/Link}}
                """),
        En: new(
            Subject: "[Decision] {{ProcessName}}: {{InstanceTitle}} ({{Outcome}})",
            Html: """
                <p>Dear {{RecipientName}},</p>
                <p>A decision has been made on your application: <strong>{{Outcome}}</strong>.</p>
                <table role="presentation">
                <tr><th>Process</th><td>{{ProcessName}}</td></tr>
                <tr><th>Application</th><td>{{InstanceTitle}}</td></tr>
                {{#TaskTitle}}
                <tr><th>Step</th><td>{{TaskTitle}}</td></tr>
                {{/TaskTitle}}
                <tr><th>Decision</th><td><strong>{{Outcome}}</strong></td></tr>
                {{#ActorName}}
                <tr><th>Decided by</th><td>{{ActorName}}</td></tr>
                {{/ActorName}}
                {{#Comment}}
                <tr><th>Comment</th><td>{{Comment}}</td></tr>
                {{/Comment}}
                </table>
                {{#Link}}
                <p><a class="button" href="{{Link}}">View details</a></p>
                <p class="hint">If the button does not work, copy this address into your browser:<br>{{Link}}</p>
                {{/Link}}
                """,
            Text: """
                Dear {{RecipientName}},

                A decision has been made on your application: {{Outcome}}.

                Process: {{ProcessName}}
                Application: {{InstanceTitle}}
                {{#TaskTitle}}
                Step: {{TaskTitle}}
                {{/TaskTitle}}
                Decision: {{Outcome}}
                {{#ActorName}}
                Decided by: {{ActorName}}
                {{/ActorName}}
                {{#Comment}}
                Comment: {{Comment}}
                {{/Comment}}
                {{#Link}}

                View details: {{Link}}
                {{/Link}}
                """));
}
