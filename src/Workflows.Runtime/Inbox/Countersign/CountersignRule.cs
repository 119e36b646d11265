namespace Workflows.Runtime.Inbox;

/// <summary>A signer's item as the rule sees it.</summary>
public sealed record SignerVote(string Id, int Sequence, string Status, string? Decision);

/// <summary>
/// What the rule says: decided or not (and with which outcome), whose turn it is now, which items are no longer
/// needed, and the tally.
/// </summary>
public sealed record CountersignVerdict(bool Decided, string? Outcome, IReadOnlyList<string> Activate, IReadOnlyList<string> Close, int Approvals, int Rejections, int Total)
{
    public int Undecided => Total - Approvals - Rejections;
}

/// <summary>
/// The countersign rules, pure so they are tested on their own. A signer votes the approve outcome or the reject
/// outcome; any other outcome (for example Return) ends the countersign at once with that outcome. Removed (减签)
/// and skipped items do not count.
/// <list type="bullet">
/// <item>all: approved when every signer approved;</item>
/// <item>any: approved by the first approval;</item>
/// <item>ratio: approved when approvals exceed ratio × signers (0.5: more than half);</item>
/// <item>anyReject: the first rejection decides "rejected"; afterAll: rejected once everyone voted and the approval
/// condition was not met;</item>
/// <item>sequential: only the first undecided signer (by sequence) may sign; parallel: all may;</item>
/// <item>abstain (弃权, when the task names an abstain outcome): present and counted, neither for nor against;</item>
/// <item>ratio of those present: approved when approvals exceed ratio × those who voted, decided once nobody is
/// left to vote (early only when approvals already exceed ratio × every signer and the quorum is met);</item>
/// <item>quorum: fewer voters than quorum × every listed signer (removed ones too: they are absent) is not a
/// valid vote and decides the reject outcome.</item>
/// </list>
/// </summary>
public static class CountersignRule
{
    public static CountersignVerdict Evaluate(CountersignSettings settings, IReadOnlyList<SignerVote> items)
    {
        var active = items.Where(i => i.Status is not (SignerStatuses.Removed or SignerStatuses.Skipped)).OrderBy(i => i.Sequence).ToList();
        var signed = active.Where(i => i.Status == SignerStatuses.Signed).ToList();
        var undecided = active.Where(i => i.Status is SignerStatuses.Pending or SignerStatuses.Waiting).ToList();
        var approvals = signed.Count(i => i.Decision == settings.ApproveOutcome);
        var rejections = signed.Count(i => i.Decision == settings.RejectOutcome);
        var total = active.Count;

        string? outcome = signed.FirstOrDefault(i => i.Decision != settings.ApproveOutcome && i.Decision != settings.RejectOutcome && i.Decision != settings.AbstainOutcome)?.Decision;
        // A small tolerance so that 0.5 × 4 = 2 is not lost to floating point.
        var quorumMet = signed.Count + 1e-9 >= settings.Quorum * items.Count(i => i.Status != SignerStatuses.Skipped);
        if (outcome is null && total > 0 && settings is { Mode: CountersignMode.Ratio, RatioOfPresent: true })
        {
            if (quorumMet && approvals > settings.Ratio * total + 1e-9) outcome = settings.ApproveOutcome;
            else if (undecided.Count == 0) outcome = quorumMet && approvals > settings.Ratio * signed.Count + 1e-9 ? settings.ApproveOutcome : settings.RejectOutcome;
        }
        else if (outcome is null && total > 0)
        {
            var approved = settings.Mode switch
            {
                CountersignMode.All => approvals == total,
                CountersignMode.Any => approvals >= 1,
                _ => approvals > settings.Ratio * total + 1e-9,
            } && quorumMet;
            if (approved) outcome = settings.ApproveOutcome;
            else if (settings.RejectRule == CountersignRejectRule.AnyReject && rejections > 0) outcome = settings.RejectOutcome;
            else if (undecided.Count == 0) outcome = settings.RejectOutcome;
        }

        if (outcome is not null)
            return new(true, outcome, [], undecided.Select(i => i.Id).ToList(), approvals, rejections, total);

        var activate = settings.Order == CountersignOrder.Sequential
            ? undecided.Take(1).Where(i => i.Status == SignerStatuses.Waiting).Select(i => i.Id).ToList()
            : undecided.Where(i => i.Status == SignerStatuses.Waiting).Select(i => i.Id).ToList();
        return new(false, null, activate, [], approvals, rejections, total);
    }
}
