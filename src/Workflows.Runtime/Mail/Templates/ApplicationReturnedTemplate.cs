namespace Workflows.Runtime.Mail.Templates;

/// <summary>申请被退回: the applicant must revise and resubmit. Comment: the reason; ActorName: who returned it; DueDate: resubmit by.</summary>
internal static class ApplicationReturnedTemplate
{
    public static readonly TemplateSource Source = new(
        MailTemplateKind.ApplicationReturned,
        ZhCn: new(
            Subject: "【申请退回】{{ProcessName}}：{{InstanceTitle}}",
            Html: """
                <p>{{RecipientName}}，您好：</p>
                <p>您提交的申请已被退回，请根据退回意见修改后重新提交。</p>
                <table role="presentation">
                <tr><th>流程</th><td>{{ProcessName}}</td></tr>
                <tr><th>申请</th><td>{{InstanceTitle}}</td></tr>
                {{#TaskTitle}}
                <tr><th>退回环节</th><td>{{TaskTitle}}</td></tr>
                {{/TaskTitle}}
                {{#ActorName}}
                <tr><th>退回人</th><td>{{ActorName}}</td></tr>
                {{/ActorName}}
                {{#Comment}}
                <tr><th>退回意见</th><td>{{Comment}}</td></tr>
                {{/Comment}}
                {{#DueDate}}
                <tr><th>重新提交期限</th><td>{{DueDate}}</td></tr>
                {{/DueDate}}
                </table>
                {{#Link}}
                <p><a class="button" href="{{Link}}">修改并重新提交</a></p>
                <p class="hint">如果按钮无法打开，请将以下地址复制到浏览器中访问：<br>{{Link}}</p>
                {{/Link}}
                """,
            Text: """
                {{RecipientName}}，您好：

                您提交的申请已被退回，请根据退回意见修改后重新提交。

                流程：{{ProcessName}}
                申请：{{InstanceTitle}}
                {{#TaskTitle}}
                退回环节：{{TaskTitle}}
                {{/TaskTitle}}
                {{#ActorName}}
                退回人：{{ActorName}}
                {{/ActorName}}
                {{#Comment}}
                退回意见：{{Comment}}
                {{/Comment}}
                {{#DueDate}}
                重新提交期限：{{DueDate}}
                {{/DueDate}}
                {{#Link}}

                修改地址：{{Link}}
                {{/Link}}
                """),
        En: new(
            Subject: "[Returned] {{ProcessName}}: {{InstanceTitle}}",
            Html: """
                <p>Dear {{RecipientName}},</p>
                <p>Your application has been returned. Please revise it as commented and submit it again.</p>
                <table role="presentation">
                <tr><th>Process</th><td>{{ProcessName}}</td></tr>
                <tr><th>Application</th><td>{{InstanceTitle}}</td></tr>
                {{#TaskTitle}}
                <tr><th>Returned at</th><td>{{TaskTitle}}</td></tr>
                {{/TaskTitle}}
                {{#ActorName}}
                <tr><th>Returned by</th><td>{{ActorName}}</td></tr>
                {{/ActorName}}
                {{#Comment}}
                <tr><th>Reason</th><td>{{Comment}}</td></tr>
                {{/Comment}}
                {{#DueDate}}
                <tr><th>Resubmit by</th><td>{{DueDate}}</td></tr>
                {{/DueDate}}
                </table>
                {{#Link}}
                <p><a class="button" href="{{Link}}">Revise and resubmit</a></p>
                <p class="hint">If the button does not work, copy this address into your browser:<br>{{Link}}</p>
                {{/Link}}
                """,
            Text: """
                Dear {{RecipientName}},

                Your application has been returned. Please revise it as commented and submit it again.

                Process: {{ProcessName}}
                Application: {{InstanceTitle}}
                {{#TaskTitle}}
                Returned at: {{TaskTitle}}
                {{/TaskTitle}}
                {{#ActorName}}
                Returned by: {{ActorName}}
                {{/ActorName}}
                {{#Comment}}
                Reason: {{Comment}}
                {{/Comment}}
                {{#DueDate}}
                Resubmit by: {{DueDate}}
                {{/DueDate}}
                {{#Link}}

                Revise and resubmit: {{Link}}
                {{/Link}}
                """));
}
