using System.Globalization;
using System.Text.Json;

namespace Workflows.Testing.MailDev;

/// <summary>
/// Reads maildev's JSON by hand rather than by binding a DTO: maildev leaves fields out when they are empty
/// and reports some headers as arrays, and a test helper should not break on either.
/// </summary>
internal static class MailDevMessageParser
{
    public static IReadOnlyList<MailDevMessage> ParseList(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"maildev answered GET /api/email with a {document.RootElement.ValueKind}, expected an array: {Truncate(json)}");
        }

        return [.. document.RootElement.EnumerateArray().Select(Parse)];
    }

    private static MailDevMessage Parse(JsonElement e) => new()
    {
        Id = GetString(e, "id") ?? throw new FormatException("A maildev message has no id."),
        Subject = GetString(e, "subject") ?? string.Empty,
        From = GetAddresses(e, "from"),
        To = GetAddresses(e, "to"),
        Cc = GetAddresses(e, "cc"),
        Bcc = GetAddresses(e, "calculatedBcc"),
        EnvelopeTo = GetEnvelopeTo(e),
        Text = GetString(e, "text"),
        Html = GetString(e, "html"),
        Headers = GetHeaders(e),
        Time = GetString(e, "time") is { } time
            ? DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
            : default,
    };

    private static string? GetString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<MailDevAddress> GetAddresses(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. list.EnumerateArray().Select(a => new MailDevAddress(GetString(a, "address") ?? string.Empty, GetString(a, "name") ?? string.Empty))];
    }

    private static List<string> GetEnvelopeTo(JsonElement e)
    {
        if (!e.TryGetProperty("envelope", out var envelope) || !envelope.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. to.EnumerateArray().Select(a => GetString(a, "address") ?? string.Empty)];
    }

    private static Dictionary<string, string> GetHeaders(JsonElement e)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!e.TryGetProperty("headers", out var json) || json.ValueKind != JsonValueKind.Object)
        {
            return headers;
        }

        foreach (var header in json.EnumerateObject())
        {
            headers[header.Name] = header.Value.ValueKind switch
            {
                JsonValueKind.String => header.Value.GetString() ?? string.Empty,
                // Repeated headers (Received, …) come as arrays.
                JsonValueKind.Array => string.Join(", ", header.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
                _ => header.Value.GetRawText(),
            };
        }

        return headers;
    }

    internal static string Truncate(string text) => text.Length <= 500 ? text : string.Concat(text.AsSpan(0, 500), "…");
}
