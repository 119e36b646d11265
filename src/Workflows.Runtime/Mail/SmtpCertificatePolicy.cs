using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Workflows.Runtime.Mail;

/// <summary>
/// Certificate validation for the SMTP connection: MailKit's own (strict) unless one certificate is pinned by
/// <see cref="SmtpOptions.TrustedCertificateThumbprint"/>, which is then accepted in addition to valid ones.
/// </summary>
internal static class SmtpCertificatePolicy
{
    /// <summary>Null means: use MailKit's default, which accepts only a certificate without any policy error.</summary>
    public static RemoteCertificateValidationCallback? Create(SmtpOptions options)
    {
        var pinned = NormalizeThumbprint(options.TrustedCertificateThumbprint);
        if (pinned is null)
        {
            return null;
        }

        return (_, certificate, _, errors) =>
            errors == SslPolicyErrors.None || (certificate is not null && Matches(certificate, pinned));
    }

    /// <summary>Hex digits only, upper case; null when the text is not a SHA-1 or SHA-256 thumbprint.</summary>
    public static string? NormalizeThumbprint(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var hex = new string(text.Where(c => c is not (':' or ' ' or '-')).ToArray()).ToUpperInvariant();
        return hex.Length is 40 or 64 && hex.All(Uri.IsHexDigit) ? hex : null;
    }

    private static bool Matches(X509Certificate certificate, string pinned)
    {
        var raw = certificate.GetRawCertData();
        var actual = pinned.Length == 64 ? SHA256.HashData(raw) : SHA1.HashData(raw);
        return CryptographicOperations.FixedTimeEquals(actual, Convert.FromHexString(pinned));
    }
}
