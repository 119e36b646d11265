namespace Workflows.Runtime.Mail.Templates;

/// <summary>
/// One mail in one language, as a developer writes it: the subject line, the HTML fragment that goes into
/// <see cref="MailLayout"/>, and the plain-text body. Syntax: see <see cref="TemplateText"/>.
/// </summary>
internal sealed record LocalizedTemplate(string Subject, string Html, string Text);

/// <summary>One mail kind in every supported language. Chinese is the reference text; English must say the same.</summary>
internal sealed record TemplateSource(MailTemplateKind Kind, LocalizedTemplate ZhCn, LocalizedTemplate En);
