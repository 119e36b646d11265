using System.Security.Claims;
using System.Text.Json.Nodes;
using Workflows.Runtime.Identity;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;

namespace Workflows.Server.Security;

/// <summary>
/// Who may start a process, declared by the definition itself in Elsa's <c>customProperties</c> (so Studio keeps it
/// when the secretariat edits the definition): <c>"startRoles": ["memberUnit", "secretariat"]</c>. Administrators
/// may always start; a definition that declares nothing is for the secretariat only. Scheduled runs start through
/// the runtime, not through these checks.
/// </summary>
public static class StartPermissions
{
    public const string Property = "startRoles";

    public static IReadOnlyList<string> StartRoles(DefinitionRecord definition)
    {
        var roles = (JsonNode.Parse(definition.Json) as JsonObject)?["customProperties"]?[Property] as JsonArray;
        var declared = roles?.Select(r => r?.GetValueKind() == System.Text.Json.JsonValueKind.String ? r.GetValue<string>() : null)
            .Where(r => !string.IsNullOrEmpty(r)).Select(r => r!).ToList();
        return declared is { Count: > 0 } ? declared : [RoleKeys.Secretariat];
    }

    public static bool MayStart(DefinitionRecord definition, ClaimsPrincipal user)
    {
        var roles = user.ToActor().Roles;
        return roles.Contains(RoleKeys.Admin) || StartRoles(definition).Any(roles.Contains);
    }

    /// <summary>The secretariat and administrators see a started instance's state (variables); others see only its id and status.</summary>
    public static bool SeesState(ClaimsPrincipal user)
    {
        var roles = user.ToActor().Roles;
        return roles.Contains(RoleKeys.Admin) || roles.Contains(RoleKeys.Secretariat);
    }

    public static IResult Refusal() => Problems.Result(StatusCodes.Status403Forbidden,
        Hosting.Ui.T("您的角色不能发起此流程。", "Your role may not start this process."));
}
