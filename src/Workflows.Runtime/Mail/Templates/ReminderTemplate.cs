namespace Workflows.Runtime.Mail.Templates;

/// <summary>到期提醒: sent by the scheduler before (or at) the due date of a task that is still open.</summary>
internal static class ReminderTemplate
{
    public static readonly TemplateSource Source = new(
        MailTemplateKind.Reminder,
        ZhCn: new(
            Subject: "【到期提醒】{{ProcessName}}：{{TaskTitle}}",
            Html: """
                <p>{{RecipientName}}，您好：</p>
                <p>您的以下待办事项办理期限为 <strong>{{DueDate}}</strong>，目前尚未办理，请尽快处理。</p>
                <table role="presentation">
                <tr><th>流程</th><td>{{ProcessName}}</td></tr>
                <tr><th>待办事项</th><td>{{TaskTitle}}</td></tr>
                {{#InstanceTitle}}
                <tr><th>申请</th><td>{{InstanceTitle}}</td></tr>
                {{/InstanceTitle}}
                <tr><th>办理期限</th><td>{{DueDate}}</td></tr>
                </table>
                {{#Link}}
                <p><a class="button" href="{{Link}}">立即办理</a></p>
                <p class="hint">如果按钮无法打开，请将以下地址复制到浏览器中访问：<br>{{Link}}</p>
                {{/Link}}
                """,
            Text: """
                {{RecipientName}}，您好：

                您的以下待办事项办理期限为 {{DueDate}}，目前尚未办理，请尽快处理。

                流程：{{ProcessName}}
                待办事项：{{TaskTitle}}
                {{#InstanceTitle}}
                申请：{{InstanceTitle}}
                {{/InstanceTitle}}
                办理期限：{{DueDate}}
                {{#Link}}

                办理地址：{{Link}}
                {{/Link}}
                """),
        En: new(
            Subject: "[Reminder] {{ProcessName}}: {{TaskTitle}}",
            Html: """
                <p>Dear {{RecipientName}},</p>
                <p>The task below is due on <strong>{{DueDate}}</strong> and has not been completed yet. Please deal with it as soon as possible.</p>
                <table role="presentation">
                <tr><th>Process</th><td>{{ProcessName}}</td></tr>
                <tr><th>Task</th><td>{{TaskTitle}}</td></tr>
                {{#InstanceTitle}}
                <tr><th>Application</th><td>{{InstanceTitle}}</td></tr>
                {{/InstanceTitle}}
                <tr><th>Due</th><td>{{DueDate}}</td></tr>
                </table>
                {{#Link}}
                <p><a class="button" href="{{Link}}">Open the task</a></p>
                <p class="hint">If the button does not work, copy this address into your browser:<br>{{Link}}</p>
                {{/Link}}
                """,
            Text: """
                Dear {{RecipientName}},

                The task below is due on {{DueDate}} and has not been completed yet. Please deal with it as soon as possible.

                Process: {{ProcessName}}
                Task: {{TaskTitle}}
                {{#InstanceTitle}}
                Application: {{InstanceTitle}}
                {{/InstanceTitle}}
                Due: {{DueDate}}
                {{#Link}}

                Open the task: {{Link}}
                {{/Link}}
                """));
}
