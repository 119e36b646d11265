using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflows.Association.Json;

/// <summary>
/// Serialises an enum as its camelCase name ("viceChair", "grade2A") whatever options the caller uses,
/// so the wire format of rule inputs/results, seed files and stored columns is one and the same.
/// Integers are refused: a number in place of an enum name is a client bug we want reported.
/// </summary>
public sealed class CamelCaseEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    public CamelCaseEnumConverter()
        : base(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    {
    }
}

/// <summary>The camelCase wire names of enums, shared by JSON, validation messages and EF Core columns.</summary>
public static class EnumWire
{
    public static string ToWire<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>Parses a wire name; case-insensitive because PascalCase and camelCase differ only in the first letter.</summary>
    public static TEnum FromWire<TEnum>(string value)
        where TEnum : struct, Enum =>
        TryFromWire<TEnum>(value, out var parsed)
            ? parsed
            : throw new FormatException($"'{value}' is not one of {string.Join(", ", Names<TEnum>())}.");

    public static bool TryFromWire<TEnum>(string? value, out TEnum parsed)
        where TEnum : struct, Enum
    {
        parsed = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        // Enum.TryParse would also accept "1" or "a,b"; only declared names are valid on the wire.
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(candidate.ToString(), value, StringComparison.OrdinalIgnoreCase))
            {
                parsed = candidate;
                return true;
            }
        }

        return false;
    }

    public static IReadOnlyList<string> Names<TEnum>()
        where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(ToWire).ToArray();
}
