namespace Workflows.Runtime.Mail.Templates;

/// <summary>新待办: a task was assigned to the recipient. ActorName: who sent it on (optional).</summary>
internal static class TaskAssignedTemplate
{
    public static readonly TemplateSource Source = new(
        MailTemplateKind.TaskAssigned,
        ZhCn: new(
            Subject: "【待办】{{ProcessName}}：{{TaskTitle}}",
            Html: """
                <p>{{RecipientName}}，您好：</p>
                <p>您有一项新的待办事项，请及时办理。</p>
                <table role="presentation">
                <tr><th>流程</th><td>{{ProcessName}}</td></tr>
                <tr><th>待办事项</th><td>{{TaskTitle}}</td></tr>
                {{#InstanceTitle}}
                <tr><th>申请</th><td>{{InstanceTitle}}</td></tr>
                {{/InstanceTitle}}
                {{#ActorName}}
                <tr><th>发送人</th><td>{{ActorName}}</td></tr>
                {{/ActorName}}
                {{#DueDate}}
                <tr><th>办理期限</th><td>{{DueDate}}</td></tr>
                {{/DueDate}}
                {{#Comment}}
                <tr><th>附言</th><td>{{Comment}}</td></tr>
                {{/Comment}}
                </table>
                {{#Link}}
                <p><a class="button" href="{{Link}}">立即办理</a></p>
                <p class="hint">如果按钮无法打开，请将以下地址复制到浏览器中访问：<br>{{Link}}</p>
                {{/Link}}
                """,
            Text: """
                {{RecipientName}}，您好：

                您有一项新的待办事项，请及时办理。

                流程：{{ProcessName}}
                待办事项：{{TaskTitle}}
                {{#InstanceTitle}}
                申请：{{InstanceTitle}}
                {{/InstanceTitle}}
                {{#ActorName}}
                发送人：{{ActorName}}
                {{/ActorName}}
                {{#DueDate}}
                办理期限：{{DueDate}}
                {{/DueDate}}
                {{#Comment}}
                附言：{{Comment}}
                {{/Comment}}
                {{#Link}}

                办理地址：{{Link}}
                {{/Link}}
                """),
        En: new(
            Subject: "[To do] {{ProcessName}}: {{TaskTitle}}",
            Html: """
                <p>Dear {{RecipientName}},</p>
                <p>A new task has been assigned to you. Please deal with it in good time.</p>
                <table role="presentation">
                <tr><th>Process</th><td>{{ProcessName}}</td></tr>
                <tr><th>Task</th><td>{{TaskTitle}}</td></tr>
                {{#InstanceTitle}}
                <tr><th>Application</th><td>{{InstanceTitle}}</td></tr>
                {{/InstanceTitle}}
                {{#ActorName}}
                <tr><th>From</th><td>{{ActorName}}</td></tr>
                {{/ActorName}}
                {{#DueDate}}
                <tr><th>Due</th><td>{{DueDate}}</td></tr>
                {{/DueDate}}
                {{#Comment}}
                <tr><th>Note</th><td>{{Comment}}</td></tr>
                {{/Comment}}
                </table>
                {{#Link}}
                <p><a class="button" href="{{Link}}">Open the task</a></p>
                <p class="hint">If the button does not work, copy this address into your browser:<br>{{Link}}</p>
                {{/Link}}
                """,
            Text: """
                Dear {{RecipientName}},

                A new task has been assigned to you. Please deal with it in good time.

                Process: {{ProcessName}}
                Task: {{TaskTitle}}
                {{#InstanceTitle}}
                Application: {{InstanceTitle}}
                {{/InstanceTitle}}
                {{#ActorName}}
                From: {{ActorName}}
                {{/ActorName}}
                {{#DueDate}}
                Due: {{DueDate}}
                {{/DueDate}}
                {{#Comment}}
                Note: {{Comment}}
                {{/Comment}}
                {{#Link}}

                Open the task: {{Link}}
                {{/Link}}
                """));
}
