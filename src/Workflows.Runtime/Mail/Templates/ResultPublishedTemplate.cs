namespace Workflows.Runtime.Mail.Templates;

/// <summary>结果公布: the result of an assessment or review is published. Outcome (e.g. a grade) is optional; ActorName: who published.</summary>
internal static class ResultPublishedTemplate
{
    public static readonly TemplateSource Source = new(
        MailTemplateKind.ResultPublished,
        ZhCn: new(
            Subject: "【结果公布】{{ProcessName}}：{{InstanceTitle}}",
            Html: """
                <p>{{RecipientName}}，您好：</p>
                <p>“{{InstanceTitle}}”的结果已正式公布。</p>
                <table role="presentation">
                <tr><th>流程</th><td>{{ProcessName}}</td></tr>
                <tr><th>事项</th><td>{{InstanceTitle}}</td></tr>
                {{#Outcome}}
                <tr><th>结果</th><td><strong>{{Outcome}}</strong></td></tr>
                {{/Outcome}}
                {{#ActorName}}
                <tr><th>发布人</th><td>{{ActorName}}</td></tr>
                {{/ActorName}}
                {{#Comment}}
                <tr><th>说明</th><td>{{Comment}}</td></tr>
                {{/Comment}}
                </table>
                {{#Link}}
                <p><a class="button" href="{{Link}}">查看结果</a></p>
                <p class="hint">如果按钮无法打开，请将以下地址复制到浏览器中访问：<br>{{Link}}</p>
                {{/Link}}
                """,
            Text: """
                {{RecipientName}}，您好：

                “{{InstanceTitle}}”的结果已正式公布。

                流程：{{ProcessName}}
                事项：{{InstanceTitle}}
                {{#Outcome}}
                结果：{{Outcome}}
                {{/Outcome}}
                {{#ActorName}}
                发布人：{{ActorName}}
                {{/ActorName}}
                {{#Comment}}
                说明：{{Comment}}
                {{/Comment}}
                {{#Link}}

                查看结果：{{Link}}
                {{/Link}}
                """),
        En: new(
            Subject: "[Result published] {{ProcessName}}: {{InstanceTitle}}",
            Html: """
                <p>Dear {{RecipientName}},</p>
                <p>The result of “{{InstanceTitle}}” has been published.</p>
                <table role="presentation">
                <tr><th>Process</th><td>{{ProcessName}}</td></tr>
                <tr><th>Item</th><td>{{InstanceTitle}}</td></tr>
                {{#Outcome}}
                <tr><th>Result</th><td><strong>{{Outcome}}</strong></td></tr>
                {{/Outcome}}
                {{#ActorName}}
                <tr><th>Published by</th><td>{{ActorName}}</td></tr>
                {{/ActorName}}
                {{#Comment}}
                <tr><th>Note</th><td>{{Comment}}</td></tr>
                {{/Comment}}
                </table>
                {{#Link}}
                <p><a class="button" href="{{Link}}">View the result</a></p>
                <p class="hint">If the button does not work, copy this address into your browser:<br>{{Link}}</p>
                {{/Link}}
                """,
            Text: """
                Dear {{RecipientName}},

                The result of “{{InstanceTitle}}” has been published.

                Process: {{ProcessName}}
                Item: {{InstanceTitle}}
                {{#Outcome}}
                Result: {{Outcome}}
                {{/Outcome}}
                {{#ActorName}}
                Published by: {{ActorName}}
                {{/ActorName}}
                {{#Comment}}
                Note: {{Comment}}
                {{/Comment}}
                {{#Link}}

                View the result: {{Link}}
                {{/Link}}
                """));
}
