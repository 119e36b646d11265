using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Workflows.Runtime.Mail;

/// <summary>Makes the absolute links that go into mail from paths inside the service.</summary>
public sealed partial class MailLinkBuilder
{
    private readonly IOptionsMonitor<MailLinkOptions> options;

    public MailLinkBuilder(IOptionsMonitor<MailLinkOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
    }

    /// <summary>
    /// The absolute link for <paramref name="relativePath"/> (e.g. <c>inbox/tasks/42</c>, already URL-escaped),
    /// below <see cref="MailLinkOptions.PublicBaseUrl"/> even when the base has a path of its own.
    /// </summary>
    /// <exception cref="ArgumentException">The path is absolute, protocol-relative or climbs above the base.</exception>
    /// <exception cref="InvalidOperationException">Mail:PublicBaseUrl is not configured.</exception>
    public Uri Build(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (!TryParseBase(options.CurrentValue.PublicBaseUrl, out var baseUri))
        {
            throw new InvalidOperationException($"Mail:PublicBaseUrl is not an absolute http(s) URL (was '{options.CurrentValue.PublicBaseUrl}').");
        }

        // Not Uri.TryCreate(…, Absolute): on Linux it takes "/inbox/tasks/1" for an absolute file: URI.
        if (relativePath.StartsWith("//", StringComparison.Ordinal) || relativePath.StartsWith(@"\\", StringComparison.Ordinal) || SchemePrefix().IsMatch(relativePath))
        {
            throw new ArgumentException($"'{relativePath}' must be a path inside the service, not an absolute URL.", nameof(relativePath));
        }

        var link = new Uri(baseUri, relativePath.TrimStart('/'));

        // "../" could otherwise leave a base that has a path (https://host/workflow/ → https://host/admin).
        if (!link.AbsoluteUri.StartsWith(baseUri.AbsoluteUri, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{relativePath}' leads outside {baseUri}.", nameof(relativePath));
        }

        return link;
    }

    // "javascript:", "https:", "mailto:" …: a scheme before any slash makes it an absolute URL, not a path.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:", RegexOptions.CultureInvariant)]
    private static partial Regex SchemePrefix();

    internal static bool TryParseBase(string? value, [NotNullWhen(true)] out Uri? baseUri)
    {
        baseUri = null;
        if (string.IsNullOrWhiteSpace(value)
            || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(parsed.Query)
            || !string.IsNullOrEmpty(parsed.Fragment))
        {
            return false;
        }

        // A trailing slash makes relative resolution append instead of replacing the last segment.
        baseUri = parsed.AbsoluteUri.EndsWith('/') ? parsed : new Uri(parsed.AbsoluteUri + "/");
        return true;
    }
}
