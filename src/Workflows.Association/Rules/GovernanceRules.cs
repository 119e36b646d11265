using Workflows.Association.Domain;

namespace Workflows.Association.Rules;

/// <summary>A nominee of a party-branch committee and the party committee's assessment of them.</summary>
public sealed record PartyBranchNominee(string PersonId, bool? AssessmentPassed);

public sealed record PartyBranchCommitteeInput
{
    public IReadOnlyList<PartyBranchNominee> Members { get; init; } = [];

    /// <summary>The branch chair (主任委员).</summary>
    public string? ChairPersonId { get; init; }

    public bool ChairIsPartyMember { get; init; }

    public string? SecretaryPersonId { get; init; }

    /// <summary>Why the secretary is not the chair; required when the chair is not a party member.</summary>
    public string? SecretaryReason { get; init; }
}

/// <summary>Standing-council votes (P1 step 7) and party-branch appointment (P2).</summary>
public static class GovernanceRules
{
    /// <summary>
    /// A standing-council vote passes with more than half of those present voting in favour (审议、表决通过,
    /// 000 and 002 notices). Abstentions and blank votes count as present and not in favour. The documents
    /// set no quorum; the council's statutes do, and the workflow records who was present.
    /// </summary>
    public static RuleCheckResult CouncilVote(int present, int inFavour)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(present);
        ArgumentOutOfRangeException.ThrowIfNegative(inFavour);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inFavour, present);
        var needed = (present / 2) + 1;
        var passed = present > 0 && inFavour * 2 > present;
        return new RuleCheckResult(
        [
            RuleResult.Hard(RuleNames.CouncilMajority, "000 通知正文", passed,
                passed
                    ? $"出席常务理事 {Fmt.N(present)} 人，赞成 {Fmt.N(inFavour)} 票，超过出席人数半数（至少 {Fmt.N(needed)} 票），表决通过"
                    : $"出席常务理事 {Fmt.N(present)} 人，赞成 {Fmt.N(inFavour)} 票，未超过出席人数半数（至少需 {Fmt.N(needed)} 票），表决未通过",
                passed
                    ? $"{Fmt.N(inFavour)} of {Fmt.N(present)} present in favour: more than half (at least {Fmt.N(needed)}); passed"
                    : $"{Fmt.N(inFavour)} of {Fmt.N(present)} present in favour: not more than half (at least {Fmt.N(needed)} needed); not passed"),
        ]);
    }

    /// <summary>Counts the votes cast; members present who cast no vote count as not in favour.</summary>
    public static RuleCheckResult CouncilVote(int present, IEnumerable<VoteChoice> votes)
    {
        ArgumentNullException.ThrowIfNull(votes);
        return CouncilVote(present, votes.Count(v => v == VoteChoice.InFavour));
    }

    /// <summary>
    /// Before appointment (P2 step 3): exactly five committee members (000 §4.2.1), each assessed and passed by
    /// the party committee (a failed one must be replaced first), and one post, two duties (一岗双责, 001 §4):
    /// a chair who is a party member is the secretary; otherwise the secretary is one of the five and the
    /// record says why.
    /// </summary>
    public static RuleCheckResult CheckPartyBranchCommittee(PartyBranchCommitteeInput input, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(thresholds);
        var size = thresholds.PartyBranchCommitteeSize;
        var members = input.Members;
        var distinct = members.Select(m => m.PersonId).Distinct(StringComparer.Ordinal).Count();
        var rules = new List<RuleResult>
        {
            RuleResult.Hard(RuleNames.PartyBranchSize, "000 §4.2.1", distinct == size && members.Count == size,
                $"支部委员 {Fmt.N(members.Count)} 人（不重复 {Fmt.N(distinct)} 人），应为 {Fmt.N(size)} 人",
                $"{Fmt.N(members.Count)} committee members ({Fmt.N(distinct)} distinct); exactly {Fmt.N(size)} required"),
        };

        var notPassed = members.Where(m => m.AssessmentPassed != true).Select(m => m.PersonId).ToList();
        rules.Add(RuleResult.Hard(RuleNames.PartyBranchAssessed, "000 §4.2.1", notPassed.Count == 0,
            notPassed.Count == 0 ? "支部委员人选均经协会党委考核通过" : $"{Fmt.N(notPassed.Count)} 名人选未经考核或考核未通过，须先替换或考核：{string.Join("、", notPassed)}",
            notPassed.Count == 0 ? "Every nominee passed the party committee's assessment" : $"{Fmt.N(notPassed.Count)} nominee(s) not assessed or failed; replace or assess first: {string.Join(", ", notPassed)}"));

        RuleResult secretary;
        var secretaryIsMember = input.SecretaryPersonId is { } sid && members.Any(m => m.PersonId == sid);
        if (input.ChairIsPartyMember)
        {
            var ok = input.SecretaryPersonId is not null && input.SecretaryPersonId == input.ChairPersonId && secretaryIsMember;
            secretary = RuleResult.Hard(RuleNames.PartyBranchSecretary, "001 §4", ok,
                ok ? "主任委员是党员，担任党支部书记（一岗双责）" : "主任委员是党员，应担任党支部书记（一岗双责），并列入支部委员",
                ok ? "The chair is a party member and is the secretary (one post, two duties)" : "The chair is a party member and must be the secretary (one post, two duties) and one of the five");
        }
        else
        {
            var reasonGiven = !string.IsNullOrWhiteSpace(input.SecretaryReason);
            var ok = secretaryIsMember && reasonGiven;
            secretary = RuleResult.Hard(RuleNames.PartyBranchSecretary, "001 §4", ok,
                ok ? "主任委员非党员，书记从支部委员中产生，并已说明理由" : "主任委员非党员，书记须从五名支部委员中产生，并说明理由",
                ok ? "The chair is not a party member; the secretary is one of the five and the reason is recorded" : "The chair is not a party member: the secretary must be one of the five, with the reason recorded");
        }

        rules.Add(secretary);
        return new RuleCheckResult(rules);
    }
}
