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
/// Implicit TLS (SMTPS) instead: <c>"Port": 465, "ImplicitTls": true</c>.
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
    /// Upgrade the connection with STARTTLS, and refuse to send if the server does not offer it (so a man in the
    /// middle cannot strip it). False sends in clear text: only for a relay on the same machine or a test server.
    /// </summary>
    public bool EnableStartTls { get; set; } = true;

    /// <summary>TLS from the first byte (SMTPS, usually port 465). When true, <see cref="EnableStartTls"/> does not apply.</summary>
    public bool ImplicitTls { get; set; }

    /// <summary>
    /// The SHA-256 (or SHA-1) thumbprint, in hex, of a server certificate to trust although it does not validate
    /// (a self-signed certificate of an internal relay). Empty: only certificates that validate are accepted.
    /// Pinning one certificate is deliberately the only way to relax validation; there is no "accept any".
    /// </summary>
    public string? TrustedCertificateThumbprint { get; set; }

    /// <summary>Whether TLS checks the certificate's revocation (CRL/OCSP); switch off only where those servers are unreachable.</summary>
    public bool CheckCertificateRevocation { get; set; } = true;

    /// <summary>Login name; leave empty for a relay that needs no authentication.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The default sender address, used when a message names none.</summary>
    public string FromAddress { get; set; } = string.Empty;

    /// <summary>The default sender's display name, e.g. <c>协会流程系统</c>.</summary>
    public string? FromDisplayName { get; set; }

    /// <summary>How long one send may take, connecting included, before it counts as a transient failure.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Connections kept open and reused, at most this many sends at once: one per outbox parallelism slot
    /// (<c>Outbox:Parallelism</c>, 4 by default). A send beyond it waits for a free connection.
    /// </summary>
    public int MaxConnections { get; set; } = 4;

    /// <summary>
    /// An idle connection older than this is closed instead of reused. Servers drop idle clients after a few
    /// minutes (RFC 5321 §4.5.3.2 suggests 5); staying below that avoids sending into a connection already gone.
    /// </summary>
    public int IdleTimeoutSeconds { get; set; } = 60;
}
