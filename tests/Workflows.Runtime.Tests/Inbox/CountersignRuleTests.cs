using System.Text.Json.Nodes;
using Workflows.Runtime.Inbox;

namespace Workflows.Runtime.Tests.Inbox;

public class CountersignRuleTests
{
    private static readonly string[] Outcomes = ["Approve", "Reject", "Return"];

    private static CountersignSettings Settings(string json)
    {
        var (settings, error) = CountersignSettings.Parse(JsonNode.Parse(json)!.AsObject(), Outcomes);
        Assert.Null(error);
        return settings!;
    }

    /// <summary>Items from a compact description: "A" approved, "R" rejected, "-" undecided (pending), "w" waiting, "x" removed.</summary>
    private static List<SignerVote> Votes(string marks) => marks.Select((m, i) => new SignerVote($"s{i + 1}", i + 1, m switch
    {
        'A' or 'R' or 'T' => SignerStatuses.Signed,
        'w' => SignerStatuses.Waiting,
        'x' => SignerStatuses.Removed,
        _ => SignerStatuses.Pending,
    }, m switch { 'A' => "Approve", 'R' => "Reject", 'T' => "Return", _ => null })).ToList();

    [Theory]
    [InlineData("---", false, null)]
    [InlineData("AA-", false, null)]
    [InlineData("AAA", true, "Approve")]
    [InlineData("A-R", true, "Reject")]
    [InlineData("AAx", true, "Approve")]
    public void All_EveryActiveSignerMustApprove_FirstRejectionDecides(string marks, bool decided, string? outcome)
    {
        var verdict = CountersignRule.Evaluate(Settings("""{"mode":"all"}"""), Votes(marks));

        Assert.Equal((decided, outcome), (verdict.Decided, verdict.Outcome));
    }

    [Fact]
    public void All_WithAfterAll_WaitsForEveryoneBeforeRejecting()
    {
        var settings = Settings("""{"mode":"all","rejectRule":"afterAll"}""");

        Assert.False(CountersignRule.Evaluate(settings, Votes("R-A")).Decided);
        Assert.Equal("Reject", CountersignRule.Evaluate(settings, Votes("RAA")).Outcome);
    }

    [Theory]
    [InlineData("---", false, null)]
    [InlineData("--A", true, "Approve")]
    [InlineData("R--", true, "Reject")]
    public void Any_FirstApprovalDecides_AnyRejectByDefault(string marks, bool decided, string? outcome)
    {
        var verdict = CountersignRule.Evaluate(Settings("""{"mode":"any"}"""), Votes(marks));

        Assert.Equal((decided, outcome), (verdict.Decided, verdict.Outcome));
    }

    [Theory]
    [InlineData("RR-", false, null)]
    [InlineData("RRA", true, "Approve")]
    [InlineData("RRR", true, "Reject")]
    public void Any_WithAfterAll_RejectsOnlyWhenNobodyApproved(string marks, bool decided, string? outcome)
    {
        var verdict = CountersignRule.Evaluate(Settings("""{"mode":"any","rejectRule":"afterAll"}"""), Votes(marks));

        Assert.Equal((decided, outcome), (verdict.Decided, verdict.Outcome));
    }

    [Theory]
    // More than half of three: two approvals.
    [InlineData("A--", false, null)]
    [InlineData("AA-", true, "Approve")]
    [InlineData("RA-", false, null)]
    [InlineData("RAR", true, "Reject")]
    // Exactly half of four is not more than half.
    [InlineData("AARR", true, "Reject")]
    [InlineData("AA--", false, null)]
    [InlineData("AAA-", true, "Approve")]
    public void Ratio_MoreThanTheRatioApprove_RejectedWhenEveryoneVotedWithoutIt(string marks, bool decided, string? outcome)
    {
        var verdict = CountersignRule.Evaluate(Settings("""{"mode":"ratio","ratio":0.5}"""), Votes(marks));

        Assert.Equal((decided, outcome), (verdict.Decided, verdict.Outcome));
    }

    [Fact]
    public void Ratio_WithAnyReject_IsAVeto()
    {
        var verdict = CountersignRule.Evaluate(Settings("""{"mode":"ratio","ratio":0.5,"rejectRule":"anyReject"}"""), Votes("AR--"));

        Assert.Equal("Reject", verdict.Outcome);
    }

    [Fact]
    public void Sequential_ActivatesTheNextWaitingSignerOnly()
    {
        var settings = Settings("""{"mode":"all","order":"sequential"}""");

        var verdict = CountersignRule.Evaluate(settings, Votes("Aww"));

        Assert.False(verdict.Decided);
        Assert.Equal(["s2"], verdict.Activate);
    }

    [Fact]
    public void Sequential_RemovedSignerIsPassedOver()
    {
        var verdict = CountersignRule.Evaluate(Settings("""{"mode":"all","order":"sequential"}"""), Votes("Axw"));

        Assert.Equal(["s3"], verdict.Activate);
    }

    [Fact]
    public void Parallel_ActivatesEveryWaitingSigner()
    {
        var verdict = CountersignRule.Evaluate(Settings("""{"mode":"all"}"""), Votes("A-w"));

        Assert.Equal(["s3"], verdict.Activate);
    }

    [Fact]
    public void Decided_ClosesEveryItemStillOpen_AndCounts()
    {
        var verdict = CountersignRule.Evaluate(Settings("""{"mode":"all","order":"sequential"}"""), Votes("AR-w"));

        Assert.Equal("Reject", verdict.Outcome);
        Assert.Equal(["s3", "s4"], verdict.Close);
        Assert.Equal((1, 1, 4), (verdict.Approvals, verdict.Rejections, verdict.Total));
    }

    [Fact]
    public void AnotherOutcome_SuchAsReturn_EndsTheCountersignWithIt()
    {
        var verdict = CountersignRule.Evaluate(Settings("""{"mode":"all"}"""), Votes("AT-"));

        Assert.Equal("Return", verdict.Outcome);
    }

    [Theory]
    [InlineData("""{"mode":"most"}""", "会签方式")]
    [InlineData("""{"mode":"ratio","ratio":1}""", "票签比例")]
    [InlineData("""{"mode":"ratio","ratio":-0.1}""", "票签比例")]
    [InlineData("""{"order":"random"}""", "会签顺序")]
    [InlineData("""{"rejectRule":"never"}""", "驳回规则")]
    [InlineData("""{"approveOutcome":"Pass"}""", "Pass")]
    public void Parse_BadSettings_SayWhatIsWrong(string json, string expected)
    {
        var (settings, error) = CountersignSettings.Parse(JsonNode.Parse(json)!.AsObject(), Outcomes);

        Assert.Null(settings);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Parse_Defaults_AllParallelAnyReject_RatioDefaultsToAfterAll()
    {
        var all = Settings("{}");
        var ratio = Settings("""{"mode":"ratio","signers":"a, b,a"}""");

        Assert.Equal((CountersignMode.All, CountersignOrder.Parallel, CountersignRejectRule.AnyReject), (all.Mode, all.Order, all.RejectRule));
        Assert.Equal((0.5, CountersignRejectRule.AfterAll), (ratio.Ratio, ratio.RejectRule));
        Assert.Equal(["a", "b"], ratio.Signers);
    }

    /// <summary>
    /// The standing council's vote (processes.md P1 step 7): 赞成/反对/弃权, more than half of those present, a
    /// two-thirds quorum of the council; a removed (absent) member is not present. "B" = abstain (弃权).
    /// </summary>
    [Theory]
    [InlineData("AAA--", false, null)]     // three in favour, but only three of five present yet: below the quorum
    [InlineData("AAAR-", true, "Approve")] // four present, three in favour: more than half of any attendance
    [InlineData("AARB-", false, null)]     // two of four: the fifth decides
    [InlineData("AARBB", true, "Reject")]  // two of five present is not more than half
    [InlineData("AARBx", true, "Reject")]  // two of four present is half, not more than half
    [InlineData("AAxBx", true, "Reject")]  // three present of five is below the two-thirds quorum
    [InlineData("AAARx", true, "Approve")]
    [InlineData("ABBB-", false, null)]     // abstentions go on; they do not end the vote like another outcome
    public void Vote_MajorityOfThosePresent_AbstentionsCount_QuorumOfTheCouncil(string marks, bool decided, string? outcome)
    {
        var (settings, error) = CountersignSettings.Parse(JsonNode.Parse("""
            {"mode":"ratio","ratio":0.5,"base":"present","quorum":0.6667,"approveOutcome":"Approve","rejectOutcome":"Reject","abstainOutcome":"Abstain"}
            """)!.AsObject(), ["Approve", "Reject", "Abstain"]);
        Assert.Null(error);
        var votes = marks.Select((m, i) => new SignerVote($"s{i + 1}", i + 1, m switch
        {
            'A' or 'R' or 'B' => SignerStatuses.Signed,
            'x' => SignerStatuses.Removed,
            _ => SignerStatuses.Pending,
        }, m switch { 'A' => "Approve", 'R' => "Reject", 'B' => "Abstain", _ => null })).ToList();

        var verdict = CountersignRule.Evaluate(settings!, votes);

        Assert.Equal((decided, outcome), (verdict.Decided, verdict.Outcome));
    }

    [Theory]
    [InlineData("""{"mode":"ratio","abstainOutcome":"Maybe"}""")]
    [InlineData("""{"mode":"ratio","abstainOutcome":"Approve"}""")]
    [InlineData("""{"mode":"ratio","base":"everyone"}""")]
    [InlineData("""{"mode":"ratio","quorum":1.5}""")]
    public void Vote_BadAbstainBaseOrQuorum_IsRefusedWithAReason(string json)
    {
        var (settings, error) = CountersignSettings.Parse(JsonNode.Parse(json)!.AsObject(), Outcomes);

        Assert.Null(settings);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
