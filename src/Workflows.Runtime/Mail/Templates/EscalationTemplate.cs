namespace Workflows.Runtime.Mail.Templates;

/// <summary>超期升级: an overdue task is escalated to the recipient (a supervisor). ActorName: the overdue assignee.</summary>
internal static class EscalationTemplate
{
    public static readonly TemplateSource Source = new(
        MailTemplateKind.Escalation,
        ZhCn: new(
            Subject: "【超期升级】{{ProcessName}}：{{TaskTitle}}",
            Html: """
                <p>{{RecipientName}}，您好：</p>
                <p>以下待办事项已超过办理期限，仍未办理，现升级至您处，请督办或直接处理。</p>
                <table role="presentation">
                <tr><th>流程</th><td>{{ProcessName}}</td></tr>
                <tr><th>待办事项</th><td>{{TaskTitle}}</td></tr>
                {{#InstanceTitle}}
                <tr><th>申请</th><td>{{InstanceTitle}}</td></tr>
                {{/InstanceTitle}}
                {{#ActorName}}
                <tr><th>原办理人</th><td>{{ActorName}}</td></tr>
                {{/ActorName}}
                <tr><th>办理期限</th><td>{{DueDate}}</td></tr>
                {{#Comment}}
                <tr><th>说明</th><td>{{Comment}}</td></tr>
                {{/Comment}}
                </table>
                {{#Link}}
                <p><a class="button" href="{{Link}}">查看并处理</a></p>
                <p class="hint">如果按钮无法打开，请将以下地址复制到浏览器中访问：<br>{{Link}}</p>
                {{/Link}}
                """,
            Text: """
                {{RecipientName}}，您好：

                以下待办事项已超过办理期限，仍未办理，现升级至您处，请督办或直接处理。

                流程：{{ProcessName}}
                待办事项：{{TaskTitle}}
                {{#InstanceTitle}}
                申请：{{InstanceTitle}}
                {{/InstanceTitle}}
                {{#ActorName}}
                原办理人：{{ActorName}}
                {{/ActorName}}
                办理期限：{{DueDate}}
                {{#Comment}}
                说明：{{Comment}}
                {{/Comment}}
                {{#Link}}

                处理地址：{{Link}}
                {{/Link}}
                """),
        En: new(
            Subject: "[Overdue, escalated] {{ProcessName}}: {{TaskTitle}}",
            Html: """
                <p>Dear {{RecipientName}},</p>
                <p>The task below is past its due date and has not been completed. It has been escalated to you: please follow it up or deal with it yourself.</p>
                <table role="presentation">
                <tr><th>Process</th><td>{{ProcessName}}</td></tr>
                <tr><th>Task</th><td>{{TaskTitle}}</td></tr>
                {{#InstanceTitle}}
                <tr><th>Application</th><td>{{InstanceTitle}}</td></tr>
                {{/InstanceTitle}}
                {{#ActorName}}
                <tr><th>Assigned to</th><td>{{ActorName}}</td></tr>
                {{/ActorName}}
                <tr><th>Was due</th><td>{{DueDate}}</td></tr>
                {{#Comment}}
                <tr><th>Note</th><td>{{Comment}}</td></tr>
                {{/Comment}}
                </table>
                {{#Link}}
                <p><a class="button" href="{{Link}}">Review the task</a></p>
                <p class="hint">If the button does not work, copy this address into your browser:<br>{{Link}}</p>
                {{/Link}}
                """,
            Text: """
                Dear {{RecipientName}},

                The task below is past its due date and has not been completed. It has been escalated to you: please follow it up or deal with it yourself.

                Process: {{ProcessName}}
                Task: {{TaskTitle}}
                {{#InstanceTitle}}
                Application: {{InstanceTitle}}
                {{/InstanceTitle}}
                {{#ActorName}}
                Assigned to: {{ActorName}}
                {{/ActorName}}
                Was due: {{DueDate}}
                {{#Comment}}
                Note: {{Comment}}
                {{/Comment}}
                {{#Link}}

                Review the task: {{Link}}
                {{/Link}}
                """));
}
