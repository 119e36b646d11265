using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Workflows.Runtime.Mail;

/// <summary>Checks <see cref="SmtpOptions"/> at start-up, so a bad configuration stops the service instead of failing every send.</summary>
public sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    /// <summary>The port of implicit TLS (SMTPS, RFC 8314).</summary>
    private const int ImplicitTlsPort = 465;

    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            failures.Add("Smtp:Host is required when Smtp:Enabled is true.");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"Smtp:Port must be between 1 and 65535 (was {options.Port}).");
        }
        else if (options.Port == ImplicitTlsPort && !options.ImplicitTls)
        {
            // A client that waits for a greeting on 465 while the server waits for a TLS hello hangs until the timeout.
            failures.Add("Smtp:Port 465 is implicit TLS: set Smtp:ImplicitTls = true (or use port 587 with Smtp:EnableStartTls = true).");
        }

        if (string.IsNullOrWhiteSpace(options.FromAddress) || !MailAddress.TryCreate(options.FromAddress, out var from) || from.Address != options.FromAddress.Trim())
        {
            failures.Add($"Smtp:FromAddress must be a plain e-mail address (was '{options.FromAddress}').");
        }

        if (options.TimeoutSeconds is < 1 or > 600)
        {
            failures.Add($"Smtp:TimeoutSeconds must be between 1 and 600 (was {options.TimeoutSeconds}).");
        }

        if (options.MaxConnections is < 1 or > 64)
        {
            failures.Add($"Smtp:MaxConnections must be between 1 and 64 (was {options.MaxConnections}).");
        }

        if (options.IdleTimeoutSeconds is < 1 or > 3600)
        {
            failures.Add($"Smtp:IdleTimeoutSeconds must be between 1 and 3600 (was {options.IdleTimeoutSeconds}).");
        }

        if (string.IsNullOrEmpty(options.UserName) != string.IsNullOrEmpty(options.Password))
        {
            failures.Add("Smtp:UserName and Smtp:Password must be set together (or both left empty for an unauthenticated relay).");
        }

        if (!string.IsNullOrWhiteSpace(options.TrustedCertificateThumbprint) && SmtpCertificatePolicy.NormalizeThumbprint(options.TrustedCertificateThumbprint) is null)
        {
            failures.Add("Smtp:TrustedCertificateThumbprint must be a SHA-256 (64 hex digits) or SHA-1 (40 hex digits) thumbprint.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
