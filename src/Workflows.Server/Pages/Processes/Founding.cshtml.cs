using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Activities;
using Workflows.Association.Applications;
using Workflows.Association.Domain;
using Workflows.Association.Rules;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Identity;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;

namespace Workflows.Server.Pages.Processes;

/// <summary>/processes/founding: a member unit or the secretariat applies to found a branch (P1).</summary>
[Authorize]
public sealed class FoundingModel(WorkflowsDbContext db, RuleThresholds thresholds, TimeProvider clock, WorkflowRuntime runtime, Workflows.Runtime.Definitions.DefinitionStore definitions) : ApplicationPageModel(runtime, definitions)
{
    [BindProperty] public string Kind { get; set; } = "academic";
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Discipline { get; set; }
    [BindProperty] public string? ClinicCategory { get; set; }
    [BindProperty] public bool SecondLevelDiscipline { get; set; }
    [BindProperty] public int? UnitsWithDepartment { get; set; }
    [BindProperty] public string? ChairUnitId { get; set; }
    [BindProperty] public string? ChairPersonId { get; set; }
    [BindProperty] public bool FundingCommitment { get; set; }
    [BindProperty] public int? CommitteeSize { get; set; }
    [BindProperty] public int? DistrictsCovered { get; set; }
    [BindProperty] public int? StandingMembersPerDistrict { get; set; }
    [BindProperty] public string? Evidence { get; set; }

    /// <summary>The proposed office holders, chosen with the people picker: <c>OfficeHolders[i].Id</c> and <c>.Position</c>.</summary>
    [BindProperty] public List<ChosenHolder> OfficeHolders { get; set; } = [];

    public sealed class ChosenHolder
    {
        public string? Id { get; set; }
        public string? Position { get; set; }
    }

    protected override string DefinitionId => "p1-branch-founding";

    /// <summary>A member unit applies for itself: its unit is the proposed chair unit to begin with.</summary>
    public override async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var actor = User.ToActor();
        if (actor.Roles.Contains(RoleKeys.MemberUnit) && !actor.Roles.Contains(RoleKeys.Secretariat))
            ChairUnitId ??= (await UserOrganisations.FindAsync(db, actor.UserName, DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime), cancellationToken)).MemberUnitId;
    }

    // The pickers fetch their choices from /api/pickers, limited to what the user may choose.
    protected override Task LoadChoicesAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task<JsonObject?> ValidateAsync(CancellationToken cancellationToken)
    {
        var holders = new JsonArray();
        foreach (var holder in OfficeHolders.Where(h => !string.IsNullOrWhiteSpace(h.Id)))
            holders.Add(new JsonObject { ["personId"] = holder.Id!.Trim(), ["position"] = Position(holder.Position) });

        var application = new JsonObject
        {
            ["kind"] = Kind,
            ["name"] = Name,
            ["fundingCommitment"] = FundingCommitment,
            ["evidence"] = Evidence,
            ["officeHolders"] = holders,
        };
        if (Kind == "clinic")
        {
            application["clinicCategory"] = ClinicCategory;
            application["committee"] = new JsonObject { ["size"] = CommitteeSize, ["districtsCovered"] = DistrictsCovered, ["standingMembersPerDistrict"] = StandingMembersPerDistrict };
        }
        else
        {
            application["discipline"] = Discipline;
            application["secondLevelDiscipline"] = SecondLevelDiscipline;
            application["unitsWithDepartment"] = UnitsWithDepartment;
            application["chairUnitId"] = ChairUnitId;
        }

        application["chairPersonId"] = ChairPersonId;
        var parsed = await ApplicationForms.ParseFoundingAsync(application, db, cancellationToken);
        FieldErrors = parsed.Errors;
        if (!parsed.IsValid) return null;

        var data = parsed.Value!;
        var draft = new FoundingApplication
        {
            Kind = data.Kind, ProposedName = data.Name, ClinicCategory = data.ClinicCategory, Discipline = data.Discipline,
            SecondLevelDiscipline = data.SecondLevelDiscipline, UnitsWithDepartment = data.UnitsWithDepartment, ProposedChairUnitId = data.ChairUnitId,
            ProposedChairPersonId = data.ChairPersonId, FundingCommitment = data.FundingCommitment, CommitteeSize = data.CommitteeSize,
            DistrictsCovered = data.DistrictsCovered, StandingMembersPerDistrict = data.StandingMembersPerDistrict,
        };
        var proposed = data.OfficeHolders.Select(h => new FoundingOfficeHolder { PersonId = h.PersonId, Position = h.Position, MemberUnitId = h.MemberUnitId });
        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
        Check = await RuleInputs.CheckFoundingAsync(db, draft, proposed, await RuleInputs.FoundingContextAsync(db, cancellationToken), today, thresholds, cancellationToken);
        return application;
    }

    private static string? Position(string? text) => text switch
    {
        null => null,
        "委员" => "member",
        "常务委员" or "常委" => "standing",
        "副主任委员" or "副主委" => "viceChair",
        "主任委员" or "主委" => "chair",
        _ => text,
    };
}
