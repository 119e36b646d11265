namespace Workflows.Runtime.Mail;

/// <summary>
/// The SMTP server mail goes out through, bound from the configuration section <c>Smtp</c>:
/// <code>
/// "Smtp": {
///   "Enabled": true, "Host": "smtp.example.org", "Port": 587, "EnableStartTls": true,
///   "UserName": "workflow@example.org", "Password": "(secret store)",
///   "FromAddress": "workflow@example.org", "FromDisplayName": "协会流程系统", "TimeoutSeconds": 30
/// }
/// </code>
/// </summary>
public sealed class SmtpOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Smtp";

    /// <summary>
    /// False switches mail off deliberately (a test environment, a node that must not send): the sender then logs
    /// each message and reports success without connecting, so the outbox does not pile up retries.
    /// True by default, so that a forgotten configuration fails validation at start-up instead of dropping mail.
    /// </summary>
    public bool Enabled { get; set; } = true;

    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 25;

    /// <summary>
    /// Upgrade the connection with STARTTLS (System.Net.Mail's EnableSsl). Implicit TLS on port 465 is not
    /// supported by System.Net.Mail; use the submission port 587 with STARTTLS.
    /// </summary>
    public bool EnableStartTls { get; set; } = true;

    /// <summary>Login name; leave empty for a relay that needs no authentication.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The default sender address, used when a message names none.</summary>
    public string FromAddress { get; set; } = string.Empty;

    /// <summary>The default sender's display name, e.g. <c>协会流程系统</c>.</summary>
    public string? FromDisplayName { get; set; }

    /// <summary>How long one send may take, connection included, before it counts as a transient failure.</summary>
    public int TimeoutSeconds { get; set; } = 30;
}
