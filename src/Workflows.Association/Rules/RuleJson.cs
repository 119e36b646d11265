using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Workflows.Association.Rules;

/// <summary>
/// The wire format of rule results and the JSON the processes store: camelCase names, enums as their camelCase
/// names (the converters on the enum types; a host's global enum converter must not override them), Chinese
/// kept readable rather than escaped.
/// </summary>
public static class RuleJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
}
