using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Runtime.Identity;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;

namespace Workflows.Server.Security;

/// <summary>
/// Whom an applicant may start a process for, declared next to <c>startRoles</c> in the definition's
/// <c>customProperties</c>, per starting role:
/// <code>"startApplicant": {"memberUnit": {"rule": "ownUnit", "inputs": ["Application.chairUnitId", "Application.officeHolders[].personId"]}}</code>
/// <list type="bullet">
/// <item><c>ownUnit</c>: every id at the named inputs is the caller's member unit, or a person of it;</item>
/// <item><c>ownBranch</c>: every id is a branch the caller chairs.</item>
/// </list>
/// At least one of the inputs must be given, unless the rule says <c>"required": false</c> (naming none then means the
/// caller's own unit or branch, as a clinic branch's founding application does). A caller may start when one of their starting roles has no rule (the
/// secretariat) or its rule holds; administrators always may. The caller's unit and branches come from the register
/// (<see cref="UserOrganisations"/>), read at the start, not from the token.
/// </summary>
public sealed class ApplicantRules(WorkflowsDbContext db, TimeProvider clock)
{
    public const string Property = "startApplicant";
    public const string OwnUnit = "ownUnit";
    public const string OwnBranch = "ownBranch";

    public sealed record Rule(string Kind, IReadOnlyList<string> Inputs, bool Required = true);

    /// <summary>The rules a definition declares, by role.</summary>
    public static IReadOnlyDictionary<string, Rule> Of(DefinitionRecord definition)
    {
        var declared = (JsonNode.Parse(definition.Json) as JsonObject)?["customProperties"]?[Property] as JsonObject;
        var rules = new Dictionary<string, Rule>(StringComparer.Ordinal);
        foreach (var (role, node) in declared ?? [])
        {
            if (node is not JsonObject rule || rule["rule"] is not JsonValue kind || kind.GetValueKind() != JsonValueKind.String) continue;
            var inputs = (rule["inputs"] as JsonArray ?? []).Where(i => i?.GetValueKind() == JsonValueKind.String).Select(i => i!.GetValue<string>()).ToList();
            var required = rule["required"] is not JsonValue r || r.GetValueKind() != JsonValueKind.False;
            rules[role] = new Rule(kind.GetValue<string>(), inputs, required);
        }
        return rules;
    }

    /// <summary>Null when the caller may start the process with this input; else why not, in the reader's language.</summary>
    public async Task<string?> RefusalAsync(DefinitionRecord definition, ClaimsPrincipal user, JsonObject? input, CancellationToken cancellationToken)
    {
        var actor = user.ToActor();
        if (actor.Roles.Contains(RoleKeys.Admin)) return null;
        var starting = StartPermissions.StartRoles(definition).Where(actor.Roles.Contains).ToList();
        var rules = Of(definition);
        if (starting.Count == 0 || starting.Any(r => !rules.ContainsKey(r))) return null; // no role: StartPermissions refuses

        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
        var organisation = await UserOrganisations.FindAsync(db, actor.UserName, today, cancellationToken);
        string? refusal = null;
        foreach (var role in starting)
        {
            var reason = await CheckAsync(rules[role], organisation, input, cancellationToken);
            if (reason is null) return null;
            refusal ??= reason;
        }
        return refusal;
    }

    private async Task<string?> CheckAsync(Rule rule, UserOrganisation organisation, JsonObject? input, CancellationToken cancellationToken)
    {
        var ids = rule.Inputs.SelectMany(path => Values(input, path)).Distinct(StringComparer.Ordinal).ToList();
        switch (rule.Kind)
        {
            case OwnUnit:
                if (organisation.MemberUnitId is null)
                    return Hosting.Ui.T("您的账号未关联会员单位，不能以会员单位身份发起此流程。", "Your account is not linked to a member unit.");
                if (ids.Count == 0 && !rule.Required) return null;
                if (ids.Count == 0)
                    return Hosting.Ui.T("请写明申请单位：会员单位只能为本单位发起此流程。", "Name the applicant unit: a member unit may start this process only for itself.");
                var unit = organisation.MemberUnitId;
                var people = await db.Set<Person>().AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.MemberUnitId }).ToListAsync(cancellationToken);
                var foreign = ids.Where(id => id != unit && !people.Any(p => p.Id == id && p.MemberUnitId == unit)).ToList();
                return foreign.Count == 0 ? null
                    : Hosting.Ui.T($"会员单位只能为本单位（{organisation.MemberUnitName}）发起此流程，申请中的单位或人员不属于本单位。",
                        $"A member unit may start this process only for itself ({organisation.MemberUnitName}); the application names another unit or its people.");
            case OwnBranch:
                if (organisation.ChairedBranches.Count == 0)
                    return Hosting.Ui.T("您不是任何分会的现任主任委员，不能以主任委员身份发起此流程。", "You chair no branch at present.");
                if (ids.Count == 0 && !rule.Required) return null;
                if (ids.Count == 0)
                    return Hosting.Ui.T("请选择分会：主任委员只能为本人担任主委的分会发起此流程。", "Choose the branch: a chair may start this process only for a branch they chair.");
                return ids.All(organisation.ChairsBranch) ? null
                    : Hosting.Ui.T($"主任委员只能为本人担任主委的分会（{string.Join("、", organisation.ChairedBranches.Select(b => b.Name))}）发起此流程。",
                        $"A chair may start this process only for the branches they chair ({string.Join(", ", organisation.ChairedBranches.Select(b => b.Name))}).");
            default:
                // An unknown rule (a typo in the designer) allows nobody rather than everybody.
                return Hosting.Ui.T($"流程的申请人规则“{rule.Kind}”无法识别，请联系秘书处。", $"The process's applicant rule '{rule.Kind}' is unknown; contact the secretariat.");
        }
    }

    /// <summary>
    /// The non-empty strings at <paramref name="path"/>: property names separated by dots (matched case-insensitively,
    /// as Elsa's input dictionary does), <c>name[]</c> for every item of an array.
    /// </summary>
    public static IEnumerable<string> Values(JsonNode? node, string path)
    {
        IEnumerable<JsonNode?> current = [node];
        foreach (var raw in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var each = raw.EndsWith("[]", StringComparison.Ordinal);
            var name = each ? raw[..^2] : raw;
            current = current.Select(n => n is JsonObject o ? Member(o, name) : null);
            if (each) current = current.SelectMany(n => n as JsonArray ?? []);
        }
        return current.Where(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String).Select(n => n!.GetValue<string>().Trim()).Where(s => s.Length > 0);
    }

    private static JsonNode? Member(JsonObject o, string name) =>
        o.TryGetPropertyValue(name, out var exact) ? exact : o.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
