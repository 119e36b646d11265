using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workflows.Engine.Model;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Mail.Outbox;

/// <summary>An outbox row that can never be sent as it is (unknown template, a model the template cannot use).</summary>
public sealed class OutboxContentException(string message) : Exception(message);

/// <summary>
/// Turns an outbox row into messages. A templated row is personal: each recipient gets their own copy, addressed
/// by name and rendered in their culture. A row with a subject and body goes out as one message to everyone.
/// </summary>
public sealed partial class OutboxMailComposer(MailLinkBuilder links)
{
    /// <summary>The row's template kind; rows written by the inbox use camelCase names ("taskAssigned").</summary>
    public static MailTemplateKind ParseKind(string template) =>
        Enum.TryParse<MailTemplateKind>(template.Trim(), ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : throw new OutboxContentException($"未知的邮件模板：{template}（可用：{string.Join("、", Enum.GetNames<MailTemplateKind>().Select(Camel))}） / Unknown mail template: {template}");

    public MailMessageData ComposeTemplated(OutboxRecord row, MailTemplateKind kind, JsonObject? model, ResolvedRecipient recipient, string? fallbackProcessName, string messageId)
    {
        var culture = MailTemplateRenderer.ResolveCulture(recipient.Culture);
        var outcome = model?.GetString("outcome");
        if (outcome is not null && Enum.TryParse<MailDecision>(outcome, ignoreCase: true, out var decision) && Enum.IsDefined(decision))
            outcome = MailTemplateRenderer.DescribeDecision(decision, culture);

        Uri? link = null;
        if (model?.GetString("link") is { Length: > 0 } path)
        {
            try
            {
                link = links.Build(path);
            }
            catch (ArgumentException ex)
            {
                throw new OutboxContentException($"邮件链接无效：{path}（{ex.Message}） / Invalid link in the mail model: {path}");
            }
        }

        var templateModel = new MailTemplateModel
        {
            // The recipient's own name; a name in the model only helps a single address nobody in the directory owns.
            RecipientName = recipient.UserName is null && model?.GetString("recipientName") is { Length: > 0 } given ? given : recipient.DisplayName,
            ProcessName = model?.GetString("processName") ?? fallbackProcessName ?? "—",
            TaskTitle = model?.GetString("taskTitle"),
            InstanceTitle = model?.GetString("instanceTitle"),
            DueDate = ParseDate(model?.GetString("dueDate")),
            Outcome = outcome,
            Comment = model?.GetString("comment"),
            ActorName = model?.GetString("actorName"),
            Link = link,
        };

        RenderedMail rendered;
        try
        {
            rendered = MailTemplateRenderer.Render(kind, culture, templateModel);
        }
        catch (ArgumentException ex)
        {
            throw new OutboxContentException($"邮件模板 {Camel(kind.ToString())} 缺少数据：{ex.Message} / Template {kind} cannot be rendered: {ex.Message}");
        }
        return new MailMessageData(messageId, [recipient.Address!], rendered.Subject, rendered.Html, rendered.Text, From(row), headers: Headers(row));
    }

    public MailMessageData ComposeRaw(OutboxRecord row, IReadOnlyList<ResolvedRecipient> recipients)
    {
        var subject = string.IsNullOrWhiteSpace(row.Subject) ? throw new OutboxContentException("邮件没有主题。 / The mail has no subject.") : Whitespace().Replace(row.Subject, " ").Trim();
        var html = row.Body ?? "";
        return new MailMessageData(
            row.MessageId,
            recipients.Where(r => r.Field == RecipientField.To).Select(r => r.Address!),
            subject, html, ToText(html), From(row),
            cc: recipients.Where(r => r.Field == RecipientField.Cc).Select(r => r.Address!),
            bcc: recipients.Where(r => r.Field == RecipientField.Bcc).Select(r => r.Address!),
            headers: Headers(row));
    }

    /// <summary>
    /// The Message-ID of one recipient's copy of a personal mail: the row's own when the row names one person,
    /// else derived from it and the address, so every attempt for that recipient carries the same one.
    /// </summary>
    public static string PersonalMessageId(OutboxRecord row, bool singlePerson, EmailAddress address)
    {
        if (singlePerson) return row.MessageId;
        var id = row.MessageId.Trim().TrimStart('<').TrimEnd('>');
        var at = id.LastIndexOf('@');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address.Address.ToLowerInvariant())))[..10];
        return at <= 0 ? MailMessageData.CreateMessageId($"{row.Id}.r{hash}", "workflows.local") : $"<{id[..at]}.r{hash}{id[at..]}>";
    }

    private static EmailAddress? From(OutboxRecord row)
    {
        if (string.IsNullOrWhiteSpace(row.FromAddress)) return null;
        try
        {
            return new EmailAddress(row.FromAddress.Trim());
        }
        catch (ArgumentException)
        {
            throw new OutboxContentException($"发件人地址无效：{row.FromAddress} / Invalid sender address: {row.FromAddress}");
        }
    }

    private static Dictionary<string, string> Headers(OutboxRecord row)
    {
        // Auto-Submitted (RFC 3834) keeps out-of-office replies from answering the workflow's mail.
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-Outbox-Id"] = row.Id, ["Auto-Submitted"] = "auto-generated" };
        if (row.InstanceId is { } instance) headers["X-Workflow-Instance-Id"] = instance;
        // The key the mail was queued under, the same on every attempt: for receivers that de-duplicate on it.
        if (!string.IsNullOrWhiteSpace(row.IdempotencyKey)) headers["X-Outbox-Key"] = row.IdempotencyKey;
        return headers;
    }

    private static DateTimeOffset? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : throw new OutboxContentException($"截止时间格式无效：{text} / Invalid due date: {text}");
    }

    /// <summary>The plain-text part of an HTML body: line breaks for block ends, tags dropped, entities decoded.</summary>
    internal static string ToText(string html)
    {
        var text = BlockEnd().Replace(html, "\n");
        text = Tag().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        return string.Join("\n", text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim())).Trim() + "\n";
    }

    internal static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>Reads a row's JSON array of recipients; a malformed one cannot be sent.</summary>
    internal static IReadOnlyList<string> ReadList(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        try
        {
            return JsonNode.Parse(json) is JsonArray array
                ? array.Select(n => n?.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : n?.ToJsonString() ?? "").Where(s => s.Length > 0).ToList()
                : throw new OutboxContentException($"收件人列表格式错误：{json} / The recipient list is not a JSON array.");
        }
        catch (JsonException)
        {
            throw new OutboxContentException($"收件人列表格式错误：{json} / The recipient list is not valid JSON.");
        }
    }

    internal static JsonObject? ReadModel(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new OutboxContentException("模板数据必须是 JSON 对象。 / The template model must be a JSON object.");
        }
        catch (JsonException)
        {
            throw new OutboxContentException("模板数据不是有效的 JSON。 / The template model is not valid JSON.");
        }
    }

    [GeneratedRegex(@"<\s*(br|/p|/div|/tr|/h[1-6]|/li)\s*/?\s*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BlockEnd();

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"[\p{Cc}\p{Zl}\p{Zp}\s]+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
