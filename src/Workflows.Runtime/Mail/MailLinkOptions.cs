using Microsoft.Extensions.Options;

namespace Workflows.Runtime.Mail;

/// <summary>
/// Where links in mail point, bound from the configuration section <c>Mail</c>:
/// <c>"Mail": { "PublicBaseUrl": "https://workflow.example.org/" }</c>. It is the address users reach the
/// service at from their mail client, which behind a reverse proxy differs from any address the service can see.
/// </summary>
public sealed class MailLinkOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Mail";

    /// <summary>Absolute http(s) URL, optionally with a path (<c>https://example.org/workflow/</c>).</summary>
    public string PublicBaseUrl { get; set; } = string.Empty;
}

/// <summary>Checks <see cref="MailLinkOptions"/> at start-up.</summary>
public sealed class MailLinkOptionsValidator : IValidateOptions<MailLinkOptions>
{
    public ValidateOptionsResult Validate(string? name, MailLinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return MailLinkBuilder.TryParseBase(options.PublicBaseUrl, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Mail:PublicBaseUrl must be an absolute http or https URL without query or fragment (was '{options.PublicBaseUrl}').");
    }
}
