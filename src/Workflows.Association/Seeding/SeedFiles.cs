using System.Text.Json;
using System.Text.Json.Serialization;
using Workflows.Association.Domain;

namespace Workflows.Association.Seeding;

/// <summary>
/// A development user from seeds/demo-users.json, for the host's identity store; <c>personId</c> is the register's person
/// the user is (their member unit, the branches they chair), see <see cref="UserOrganisation"/>.
/// </summary>
public sealed record DemoUser(
    [property: JsonPropertyName("userName")] string UserName,
    [property: JsonPropertyName("password")] string Password,
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("roles")] IReadOnlyList<string> Roles,
    [property: JsonPropertyName("personId")] string? PersonId = null);

/// <summary>
/// Reads the seed files. Layout of the seeds folder:
/// <c>districts.json</c>, <c>roles.json</c> (reference data), <c>demo-users.json</c>, <c>rule-thresholds.json</c>,
/// and <c>demo/*.json</c> (demo data, one file per entity type, see <see cref="DemoFiles"/>).
/// Unknown properties in a seed file are an error, so a typo cannot silently drop a value.
/// </summary>
public static class SeedFiles
{
    public const string Districts = "districts.json";
    public const string Roles = "roles.json";
    public const string DemoUsers = "demo-users.json";
    public const string RuleThresholds = "rule-thresholds.json";
    public const string DemoFolder = "demo";

    /// <summary>Demo files in the order they are inserted (principals before dependents).</summary>
    public static IReadOnlyList<string> DemoFiles { get; } =
    [
        "member-units.json", "people.json", "branches.json", "office-holders.json", "experts.json",
        "party-branches.json", "assessments.json", "integrity-pledges.json", "bad-practice-records.json",
    ];

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static IReadOnlyList<District> ReadDistricts(string seedsDirectory) => Read<District>(Path.Combine(seedsDirectory, Districts));

    public static IReadOnlyList<AssociationRole> ReadRoles(string seedsDirectory) => Read<AssociationRole>(Path.Combine(seedsDirectory, Roles));

    public static IReadOnlyList<DemoUser> ReadDemoUsers(string seedsDirectory) => Read<DemoUser>(Path.Combine(seedsDirectory, DemoUsers));

    /// <summary>Reads a JSON array of <typeparamref name="T"/>; the file name is in every error.</summary>
    public static IReadOnlyList<T> Read<T>(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<List<T>>(stream, JsonOptions)
                ?? throw new InvalidDataException($"Seed file {path} is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Seed file {path} is invalid: {ex.Message}", ex);
        }
    }
}
