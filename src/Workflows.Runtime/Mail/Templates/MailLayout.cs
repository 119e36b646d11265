namespace Workflows.Runtime.Mail.Templates;

/// <summary>
/// The frame every HTML mail shares, and the footer of every text mail. <c>{{Content}}</c> is where the kind's
/// HTML goes; <c>{{Subject}}</c> is the rendered subject. Styles are in a head &lt;style&gt; block (clients that
/// drop it still show readable, unstyled mail) so that the templates themselves stay plain HTML.
/// </summary>
internal static class MailLayout
{
    public static readonly LocalizedTemplate ZhCn = new(
        Subject: string.Empty,
        Html: """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{Subject}}</title>
            <style>
            body { margin: 0; padding: 0; background: #f4f5f7; }
            .mail { max-width: 640px; margin: 0 auto; padding: 24px; background: #ffffff; color: #1f2329; font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", Arial, sans-serif; font-size: 14px; line-height: 1.7; }
            th { text-align: left; font-weight: normal; color: #646a73; white-space: nowrap; vertical-align: top; padding: 4px 16px 4px 0; }
            td { vertical-align: top; padding: 4px 0; }
            a.button { display: inline-block; padding: 8px 20px; background: #1664ff; color: #ffffff; text-decoration: none; border-radius: 4px; }
            .hint, .footer { font-size: 12px; color: #8f959e; word-break: break-all; }
            .footer { border-top: 1px solid #e5e6eb; margin-top: 24px; padding-top: 12px; }
            </style>
            </head>
            <body>
            <div class="mail">
            {{Content}}
            <p class="footer">此邮件由协会流程系统自动发送，请勿直接回复。</p>
            </div>
            </body>
            </html>
            """,
        Text: """

            --
            此邮件由协会流程系统自动发送，请勿直接回复。
            """);

    public static readonly LocalizedTemplate En = new(
        Subject: string.Empty,
        Html: """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{Subject}}</title>
            <style>
            body { margin: 0; padding: 0; background: #f4f5f7; }
            .mail { max-width: 640px; margin: 0 auto; padding: 24px; background: #ffffff; color: #1f2329; font-family: Arial, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; font-size: 14px; line-height: 1.6; }
            th { text-align: left; font-weight: normal; color: #646a73; white-space: nowrap; vertical-align: top; padding: 4px 16px 4px 0; }
            td { vertical-align: top; padding: 4px 0; }
            a.button { display: inline-block; padding: 8px 20px; background: #1664ff; color: #ffffff; text-decoration: none; border-radius: 4px; }
            .hint, .footer { font-size: 12px; color: #8f959e; word-break: break-all; }
            .footer { border-top: 1px solid #e5e6eb; margin-top: 24px; padding-top: 12px; }
            </style>
            </head>
            <body>
            <div class="mail">
            {{Content}}
            <p class="footer">This message was sent automatically by the Association's workflow system. Please do not reply to it.</p>
            </div>
            </body>
            </html>
            """,
        Text: """

            --
            This message was sent automatically by the Association's workflow system. Please do not reply to it.
            """);
}
