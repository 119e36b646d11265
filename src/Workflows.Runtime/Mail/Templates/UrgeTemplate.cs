namespace Workflows.Runtime.Mail.Templates;

/// <summary>催办: a person (ActorName, e.g. the applicant or the secretariat) urges the assignee; Comment is their message.</summary>
internal static class UrgeTemplate
{
    public static readonly TemplateSource Source = new(
        MailTemplateKind.Urge,
        ZhCn: new(
            Subject: "【催办】{{ProcessName}}：{{TaskTitle}}",
            Html: """
                <p>{{RecipientName}}，您好：</p>
                <p>{{ActorName}} 对您的以下待办事项进行了催办，请尽快处理。</p>
                <table role="presentation">
                <tr><th>流程</th><td>{{ProcessName}}</td></tr>
                <tr><th>待办事项</th><td>{{TaskTitle}}</td></tr>
                {{#InstanceTitle}}
                <tr><th>申请</th><td>{{InstanceTitle}}</td></tr>
                {{/InstanceTitle}}
                {{#DueDate}}
                <tr><th>办理期限</th><td>{{DueDate}}</td></tr>
                {{/DueDate}}
                {{#Comment}}
                <tr><th>催办留言</th><td>{{Comment}}</td></tr>
                {{/Comment}}
                </table>
                {{#Link}}
                <p><a class="button" href="{{Link}}">立即办理</a></p>
                <p class="hint">如果按钮无法打开，请将以下地址复制到浏览器中访问：<br>{{Link}}</p>
                {{/Link}}
                """,
            Text: """
                {{RecipientName}}，您好：

                {{ActorName}} 对您的以下待办事项进行了催办，请尽快处理。

                流程：{{ProcessName}}
                待办事项：{{TaskTitle}}
                {{#InstanceTitle}}
                申请：{{InstanceTitle}}
                {{/InstanceTitle}}
                {{#DueDate}}
                办理期限：{{DueDate}}
                {{/DueDate}}
                {{#Comment}}
                催办留言：{{Comment}}
                {{/Comment}}
                {{#Link}}

                办理地址：{{Link}}
                {{/Link}}
                """),
        En: new(
            Subject: "[Urgent] {{ProcessName}}: {{TaskTitle}}",
            Html: """
                <p>Dear {{RecipientName}},</p>
                <p>{{ActorName}} has asked you to deal with the task below as soon as possible.</p>
                <table role="presentation">
                <tr><th>Process</th><td>{{ProcessName}}</td></tr>
                <tr><th>Task</th><td>{{TaskTitle}}</td></tr>
                {{#InstanceTitle}}
                <tr><th>Application</th><td>{{InstanceTitle}}</td></tr>
                {{/InstanceTitle}}
                {{#DueDate}}
                <tr><th>Due</th><td>{{DueDate}}</td></tr>
                {{/DueDate}}
                {{#Comment}}
                <tr><th>Message</th><td>{{Comment}}</td></tr>
                {{/Comment}}
                </table>
                {{#Link}}
                <p><a class="button" href="{{Link}}">Open the task</a></p>
                <p class="hint">If the button does not work, copy this address into your browser:<br>{{Link}}</p>
                {{/Link}}
                """,
            Text: """
                Dear {{RecipientName}},

                {{ActorName}} has asked you to deal with the task below as soon as possible.

                Process: {{ProcessName}}
                Task: {{TaskTitle}}
                {{#InstanceTitle}}
                Application: {{InstanceTitle}}
                {{/InstanceTitle}}
                {{#DueDate}}
                Due: {{DueDate}}
                {{/DueDate}}
                {{#Comment}}
                Message: {{Comment}}
                {{/Comment}}
                {{#Link}}

                Open the task: {{Link}}
                {{/Link}}
                """));
}
