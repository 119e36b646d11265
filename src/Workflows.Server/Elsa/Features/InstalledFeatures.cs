using System.Text.Json.Nodes;

namespace Workflows.Server.Elsa.Features;

/// <summary>
/// The Elsa feature modules this service implements, as Studio reads them from <c>GET /features/installed</c>
/// (elsa-studio-api.md §4.1, §8): Studio shows a module's screens only when the feature's <c>fullName</c> is listed.
/// Realtime updates are not listed, so Studio polls instead of opening a hub.
/// </summary>
public static class InstalledFeatures
{
    public static IReadOnlyList<JsonObject> All =>
    [
        // elsa-core src/modules/Elsa.Alterations/ShellFeatures/AlterationsFeature.cs (3.6+ shell features) and the
        // older src/modules/Elsa.Alterations/Features/AlterationsFeature.cs: Studio versions look for either name.
        Feature("Alterations", "Elsa.Alterations.ShellFeatures", "Alterations", "修改运行中的实例 / Alter running workflow instances"),
        Feature("AlterationsFeature", "Elsa.Alterations.Features", "Alterations", "修改运行中的实例 / Alter running workflow instances"),
        // elsa-studio-api.md §4.1: the properties panel asks for Elsa.Resilience before offering the Resilience tab.
        Feature("Resilience", "Elsa", "Resilience", "按策略重试对外调用 / Retry outgoing calls by strategy"),
    ];

    private static JsonObject Feature(string name, string ns, string displayName, string description) => new()
    {
        ["name"] = name,
        ["namespace"] = ns,
        ["fullName"] = $"{ns}.{name}",
        ["displayName"] = displayName,
        ["description"] = description,
    };
}
