namespace Workflows.Runtime.Mail.Templates;

/// <summary>抄送: the recipient is copied for information, no action needed. ActorName: who copied them (optional).</summary>
internal static class CarbonCopyTemplate
{
    public static readonly TemplateSource Source = new(
        MailTemplateKind.CarbonCopy,
        ZhCn: new(
            Subject: "【抄送】{{ProcessName}}：{{InstanceTitle}}",
            Html: """
                <p>{{RecipientName}}，您好：</p>
                <p>{{#ActorName}}{{ActorName}} 将{{/ActorName}}以下事项抄送给您，供您知悉，无需办理。</p>
                <table role="presentation">
                <tr><th>流程</th><td>{{ProcessName}}</td></tr>
                <tr><th>申请</th><td>{{InstanceTitle}}</td></tr>
                {{#TaskTitle}}
                <tr><th>环节</th><td>{{TaskTitle}}</td></tr>
                {{/TaskTitle}}
                {{#Outcome}}
                <tr><th>结果</th><td>{{Outcome}}</td></tr>
                {{/Outcome}}
                {{#Comment}}
                <tr><th>说明</th><td>{{Comment}}</td></tr>
                {{/Comment}}
                </table>
                {{#Link}}
                <p><a class="button" href="{{Link}}">查看详情</a></p>
                <p class="hint">如果按钮无法打开，请将以下地址复制到浏览器中访问：<br>{{Link}}</p>
                {{/Link}}
                """,
            Text: """
                {{RecipientName}}，您好：

                {{#ActorName}}{{ActorName}} 将{{/ActorName}}以下事项抄送给您，供您知悉，无需办理。

                流程：{{ProcessName}}
                申请：{{InstanceTitle}}
                {{#TaskTitle}}
                环节：{{TaskTitle}}
                {{/TaskTitle}}
                {{#Outcome}}
                结果：{{Outcome}}
                {{/Outcome}}
                {{#Comment}}
                说明：{{Comment}}
                {{/Comment}}
                {{#Link}}

                查看详情：{{Link}}
                {{/Link}}
                """),
        En: new(
            Subject: "[CC] {{ProcessName}}: {{InstanceTitle}}",
            Html: """
                <p>Dear {{RecipientName}},</p>
                <p>{{#ActorName}}{{ActorName}} has copied you on{{/ActorName}}{{^ActorName}}You have been copied on{{/ActorName}} the item below for your information; no action is needed.</p>
                <table role="presentation">
                <tr><th>Process</th><td>{{ProcessName}}</td></tr>
                <tr><th>Application</th><td>{{InstanceTitle}}</td></tr>
                {{#TaskTitle}}
                <tr><th>Step</th><td>{{TaskTitle}}</td></tr>
                {{/TaskTitle}}
                {{#Outcome}}
                <tr><th>Result</th><td>{{Outcome}}</td></tr>
                {{/Outcome}}
                {{#Comment}}
                <tr><th>Note</th><td>{{Comment}}</td></tr>
                {{/Comment}}
                </table>
                {{#Link}}
                <p><a class="button" href="{{Link}}">View details</a></p>
                <p class="hint">If the button does not work, copy this address into your browser:<br>{{Link}}</p>
                {{/Link}}
                """,
            Text: """
                Dear {{RecipientName}},

                {{#ActorName}}{{ActorName}} has copied you on{{/ActorName}}{{^ActorName}}You have been copied on{{/ActorName}} the item below for your information; no action is needed.

                Process: {{ProcessName}}
                Application: {{InstanceTitle}}
                {{#TaskTitle}}
                Step: {{TaskTitle}}
                {{/TaskTitle}}
                {{#Outcome}}
                Result: {{Outcome}}
                {{/Outcome}}
                {{#Comment}}
                Note: {{Comment}}
                {{/Comment}}
                {{#Link}}

                View details: {{Link}}
                {{/Link}}
                """));
}
