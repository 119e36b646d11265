namespace Workflows.Runtime.Mail.Templates;

/// <summary>The parsed templates of every kind and culture, parsed once on first use.</summary>
internal static class MailTemplateCatalog
{
    /// <summary>The values a kind's template may use: the properties of <see cref="MailTemplateModel"/>.</summary>
    public static readonly IReadOnlySet<string> ModelNames = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(MailTemplateModel.RecipientName),
        nameof(MailTemplateModel.ProcessName),
        nameof(MailTemplateModel.TaskTitle),
        nameof(MailTemplateModel.InstanceTitle),
        nameof(MailTemplateModel.DueDate),
        nameof(MailTemplateModel.Outcome),
        nameof(MailTemplateModel.Comment),
        nameof(MailTemplateModel.ActorName),
        nameof(MailTemplateModel.Link),
    };

    /// <summary>The values the layout may use.</summary>
    public static readonly IReadOnlySet<string> LayoutNames = new HashSet<string>(StringComparer.Ordinal) { "Subject" };

    private const string ContentMarker = "{{Content}}";

    // Every kind is listed here; adding a MailTemplateKind without a template fails on first use (and in the tests).
    private static readonly TemplateSource[] Sources =
    [
        TaskAssignedTemplate.Source,
        ReminderTemplate.Source,
        UrgeTemplate.Source,
        EscalationTemplate.Source,
        DecisionTemplate.Source,
        ResultPublishedTemplate.Source,
        ApplicationReturnedTemplate.Source,
        CarbonCopyTemplate.Source,
    ];

    private static readonly Lazy<Catalog> Parsed = new(Parse);

    public static CompiledTemplate Get(MailTemplateKind kind, string culture) =>
        Parsed.Value.Templates.TryGetValue((kind, culture), out var template)
            ? template
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, $"There is no mail template for {kind} in {culture}.");

    public static CompiledLayout Layout(string culture) => Parsed.Value.Layouts[culture];

    private static Catalog Parse()
    {
        var templates = new Dictionary<(MailTemplateKind, string), CompiledTemplate>();
        foreach (var source in Sources)
        {
            templates.Add((source.Kind, MailCultures.ZhCn), Compile(source.ZhCn, $"{source.Kind}.{MailCultures.ZhCn}"));
            templates.Add((source.Kind, MailCultures.En), Compile(source.En, $"{source.Kind}.{MailCultures.En}"));
        }

        var missing = Enum.GetValues<MailTemplateKind>().Where(k => !templates.ContainsKey((k, MailCultures.ZhCn))).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Mail template kinds without a template: {string.Join(", ", missing)}; add them to {nameof(MailTemplateCatalog)}.{nameof(Sources)}.");
        }

        var layouts = new Dictionary<string, CompiledLayout>(StringComparer.Ordinal)
        {
            [MailCultures.ZhCn] = CompileLayout(MailLayout.ZhCn, MailCultures.ZhCn),
            [MailCultures.En] = CompileLayout(MailLayout.En, MailCultures.En),
        };
        return new Catalog(templates, layouts);
    }

    private static CompiledTemplate Compile(LocalizedTemplate source, string description) => new(
        TemplateText.Parse(source.Subject, ModelNames, description + " subject"),
        TemplateText.Parse(source.Html, ModelNames, description + " html"),
        TemplateText.Parse(source.Text, ModelNames, description + " text"));

    private static CompiledLayout CompileLayout(LocalizedTemplate layout, string culture)
    {
        var parts = layout.Html.Split(ContentMarker);
        if (parts.Length != 2)
        {
            throw new InvalidOperationException($"The {culture} mail layout must contain {ContentMarker} exactly once.");
        }

        return new CompiledLayout(
            TemplateText.Parse(parts[0], LayoutNames, $"layout.{culture} head"),
            TemplateText.Parse(parts[1], LayoutNames, $"layout.{culture} tail"),
            layout.Text.ReplaceLineEndings("\n"));
    }

    private sealed record Catalog(
        IReadOnlyDictionary<(MailTemplateKind, string), CompiledTemplate> Templates,
        IReadOnlyDictionary<string, CompiledLayout> Layouts);
}

internal sealed record CompiledTemplate(TemplateText Subject, TemplateText Html, TemplateText Text);

internal sealed record CompiledLayout(TemplateText HtmlHead, TemplateText HtmlTail, string TextFooter);

/// <summary>The cultures templates exist in.</summary>
internal static class MailCultures
{
    public const string ZhCn = "zh-CN";
    public const string En = "en";
}
