namespace Workflows.Association.Domain;

/// <summary>
/// Role keys (candidate groups) of processes.md, as in seeds/roles.json. Every member of the
/// leadership group, the leader and deputy included, also holds <see cref="LeadershipGroupMember"/>,
/// so "all group members countersign" (000 §6.3) means every holder of that one role.
/// </summary>
public static class AssociationRoles
{
    public const string Secretariat = "secretariat";
    public const string LeadershipGroupLeader = "leadershipGroupLeader";
    public const string LeadershipGroupDeputy = "leadershipGroupDeputy";
    public const string LeadershipGroupMember = "leadershipGroupMember";
    public const string PartyCommittee = "partyCommittee";
    public const string StandingCouncil = "standingCouncil";
    public const string Expert = "expert";
    public const string BranchChair = "branchChair";
    public const string MemberUnit = "memberUnit";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } =
    [
        Secretariat, LeadershipGroupLeader, LeadershipGroupDeputy, LeadershipGroupMember, PartyCommittee,
        StandingCouncil, Expert, BranchChair, MemberUnit, Admin,
    ];
}
