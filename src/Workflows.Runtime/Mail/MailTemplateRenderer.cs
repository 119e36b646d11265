using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Workflows.Runtime.Mail.Templates;

namespace Workflows.Runtime.Mail;

/// <summary>
/// Renders the workflow's mails (subject, HTML, plain text) in Chinese (zh-CN, the default) or English.
/// The texts live in <c>Mail/Templates/*Template.cs</c>, one file per kind.
/// </summary>
public static partial class MailTemplateRenderer
{
    /// <summary>The culture used when the requested one has no templates.</summary>
    public const string DefaultCulture = MailCultures.ZhCn;

    // Keeps Chinese readable in the HTML source (the default encoder would turn every CJK character into &#x…;)
    // while still encoding everything that has meaning in HTML.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    // All dates in mail are China time: the Association, its members and its deadlines are in China. The fixed
    // +08:00 fallback covers hosts without tz data; China has had no daylight saving time since 1991.
    private static readonly TimeZoneInfo ChinaTime =
        TimeZoneInfo.TryFindSystemTimeZoneById("Asia/Shanghai", out var zone)
            ? zone
            : TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");

    /// <summary>The cultures templates exist in.</summary>
    public static IReadOnlyList<string> SupportedCultures { get; } = [MailCultures.ZhCn, MailCultures.En];

    /// <summary>
    /// Renders <paramref name="kind"/> for <paramref name="model"/>. Every value is HTML-encoded in the HTML part;
    /// line breaks in values become &lt;br&gt; there and spaces in the subject.
    /// </summary>
    /// <param name="culture">zh-CN, en, en-US, …; any other or empty culture falls back to zh-CN.</param>
    /// <exception cref="ArgumentException">The model lacks a value the kind needs, or its link is not absolute http(s).</exception>
    public static RenderedMail Render(MailTemplateKind kind, string? culture, MailTemplateModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var resolved = ResolveCulture(culture);
        var template = MailTemplateCatalog.Get(kind, resolved);
        var layout = MailTemplateCatalog.Layout(resolved);
        var values = BuildValues(model, resolved);

        var subject = template.Subject.Render(values, EncodeSubject).Trim();
        var layoutValues = new Dictionary<string, string?>(StringComparer.Ordinal) { ["Subject"] = subject };
        var html = layout.HtmlHead.Render(layoutValues, EncodeHtml)
            + template.Html.Render(values, EncodeHtml).TrimEnd('\n')
            + layout.HtmlTail.Render(layoutValues, EncodeHtml);
        var text = template.Text.Render(values, EncodeText).TrimEnd('\n') + "\n" + layout.TextFooter.TrimEnd('\n') + "\n";
        return new RenderedMail(subject, html, text, resolved);
    }

    /// <summary>How a decision reads in a mail: 同意 / 不同意 / 退回修改, or Approved / Rejected / Returned for revision.</summary>
    public static string DescribeDecision(MailDecision decision, string? culture) => (ResolveCulture(culture), decision) switch
    {
        (MailCultures.En, MailDecision.Approved) => "Approved",
        (MailCultures.En, MailDecision.Rejected) => "Rejected",
        (MailCultures.En, MailDecision.Returned) => "Returned for revision",
        (_, MailDecision.Approved) => "同意",
        (_, MailDecision.Rejected) => "不同意",
        (_, MailDecision.Returned) => "退回修改",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, null),
    };

    /// <summary>
    /// The template culture for a requested culture: any English (en, en-US, en-GB) → en; everything else,
    /// including every Chinese variant, empty and unknown cultures → zh-CN (the Association's working language).
    /// </summary>
    public static string ResolveCulture(string? culture)
    {
        if (string.IsNullOrWhiteSpace(culture))
        {
            return MailCultures.ZhCn;
        }

        var trimmed = culture.Trim().Replace('_', '-');
        return trimmed.Equals("en", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("en-", StringComparison.OrdinalIgnoreCase)
            ? MailCultures.En
            : MailCultures.ZhCn;
    }

    /// <summary>A due date as the mail shows it, in China time: 2026年12月1日（星期二）17:00（北京时间） or Tue, 1 Dec 2026, 17:00 (Beijing time).</summary>
    public static string FormatDueDate(DateTimeOffset dueDate, string? culture)
    {
        var local = TimeZoneInfo.ConvertTime(dueDate, ChinaTime);

        // Explicit patterns rather than the cultures' defaults, which differ between ICU versions.
        return ResolveCulture(culture) == MailCultures.En
            ? local.ToString("ddd, d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) + " (Beijing time)"
            : local.ToString("yyyy年M月d日（dddd）HH:mm", Chinese) + "（北京时间）";
    }

    private static Dictionary<string, string?> BuildValues(MailTemplateModel model, string culture) => new(StringComparer.Ordinal)
    {
        [nameof(MailTemplateModel.RecipientName)] = model.RecipientName,
        [nameof(MailTemplateModel.ProcessName)] = model.ProcessName,
        [nameof(MailTemplateModel.TaskTitle)] = model.TaskTitle,
        [nameof(MailTemplateModel.InstanceTitle)] = model.InstanceTitle,
        [nameof(MailTemplateModel.DueDate)] = model.DueDate is { } due ? FormatDueDate(due, culture) : null,
        [nameof(MailTemplateModel.Outcome)] = model.Outcome,
        [nameof(MailTemplateModel.Comment)] = model.Comment,
        [nameof(MailTemplateModel.ActorName)] = model.ActorName,
        [nameof(MailTemplateModel.Link)] = model.Link is null ? null : CheckLink(model.Link),
    };

    private static string CheckLink(Uri link)
    {
        // Only web links: a javascript: or file: link in a mail from the Association would be an attack.
        if (!link.IsAbsoluteUri || (link.Scheme != Uri.UriSchemeHttps && link.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"A mail link must be an absolute http(s) URL (was '{link}'); build it with {nameof(MailLinkBuilder)}.", nameof(link));
        }

        return link.AbsoluteUri;
    }

    private static string EncodeHtml(string value) =>
        string.Join("<br>", value.ReplaceLineEndings("\n").Split('\n').Select(Html.Encode));

    private static string EncodeText(string value) => value.ReplaceLineEndings("\n");

    private static string EncodeSubject(string value) => LineBreaksAndControls().Replace(value, " ");

    // Control characters and line/paragraph separators, but not surrogates: rare CJK name characters live there.
    [GeneratedRegex(@"[\p{Cc}\p{Zl}\p{Zp}\s]+", RegexOptions.CultureInvariant)]
    private static partial Regex LineBreaksAndControls();
}
