using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Workflows.Runtime.Mail;

/// <summary>Checks <see cref="SmtpOptions"/> at start-up, so a bad configuration stops the service instead of failing every send.</summary>
public sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    /// <summary>The port of implicit TLS (SMTPS), which System.Net.Mail cannot speak.</summary>
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
        else if (options.Port == ImplicitTlsPort)
        {
            failures.Add("Smtp:Port 465 is implicit TLS, which System.Net.Mail does not support; use port 587 with Smtp:EnableStartTls = true.");
        }

        if (string.IsNullOrWhiteSpace(options.FromAddress) || !MailAddress.TryCreate(options.FromAddress, out var from) || from.Address != options.FromAddress.Trim())
        {
            failures.Add($"Smtp:FromAddress must be a plain e-mail address (was '{options.FromAddress}').");
        }

        if (options.TimeoutSeconds is < 1 or > 600)
        {
            failures.Add($"Smtp:TimeoutSeconds must be between 1 and 600 (was {options.TimeoutSeconds}).");
        }

        if (string.IsNullOrEmpty(options.UserName) != string.IsNullOrEmpty(options.Password))
        {
            failures.Add("Smtp:UserName and Smtp:Password must be set together (or both left empty for an unauthenticated relay).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
