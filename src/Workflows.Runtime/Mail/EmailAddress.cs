using System.Net.Mail;

namespace Workflows.Runtime.Mail;

/// <summary>A mailbox: an address and an optional display name (Chinese names are fine; they are encoded on the wire).</summary>
public sealed record EmailAddress
{
    /// <param name="address">A plain address such as <c>zhang.san@example.org</c>, without a display name or angle brackets.</param>
    /// <param name="displayName">The name shown to the reader, e.g. <c>张三</c>; null or empty for none.</param>
    /// <exception cref="ArgumentException">The address is not a single plain address, or the display name holds line breaks or control characters.</exception>
    public EmailAddress(string address, string? displayName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        address = address.Trim();

        // MailAddress also accepts "Name <a@b>"; requiring the parsed address to equal the input keeps names
        // out of the address field, where they would silently replace the display name.
        if (!MailAddress.TryCreate(address, out var parsed) || !string.Equals(parsed.Address, address, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{address}' is not a plain e-mail address.", nameof(address));
        }

        if (displayName is not null && displayName.Any(char.IsControl))
        {
            // A line break in a header value would let the name inject headers.
            throw new ArgumentException("A display name must not contain line breaks or control characters.", nameof(displayName));
        }

        Address = address;
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim();
    }

    /// <summary>The plain address.</summary>
    public string Address { get; }

    /// <summary>The display name, or null.</summary>
    public string? DisplayName { get; }

    /// <inheritdoc />
    public override string ToString() => DisplayName is null ? Address : $"{DisplayName} <{Address}>";
}
