using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Association.Activities;
using Workflows.Association.Applications;
using Workflows.Association.Domain;
using Workflows.Association.Rules;
using Workflows.Association.Seeding;
using Workflows.Engine.Activities;

namespace Workflows.Association.Tests;

/// <summary>The pure parts behind the process activities: the audited draw, the chair ranking, ballots, the forms.</summary>
public class ProcessLogicTests
{
    private static PoolExpert Expert(string id, string? unit = "u-other", ProfessionalTitle title = ProfessionalTitle.Senior, int? titleYear = 2010,
        ExpertStatus status = ExpertStatus.Active, bool consultant = false) =>
        new() { ExpertId = id, Name = "专家" + id, MemberUnitId = unit, Title = title, TitleYear = titleYear, Status = status, IsConsultant = consultant };

    [Fact]
    public void PanelDraw_SameSeedAndPool_SamePanelWhateverTheInputOrder()
    {
        var experts = Enumerable.Range(1, 12).Select(i => Expert($"e{i:D2}")).ToList();
        var seed = ExpertPanelDraw.SeedFor("inst-1", "qr-1", 1);

        var first = ExpertPanelDraw.Draw(experts, "applicant", 3, seed, 2026, TestData.T);
        var shuffledInput = ExpertPanelDraw.Draw(experts.AsEnumerable().Reverse(), "applicant", 3, seed, 2026, TestData.T);

        Assert.Equal(first.Drawn, shuffledInput.Drawn);
        Assert.Equal(3, first.Drawn.Distinct().Count());
        Assert.Equal(first.Drawn, ExpertPanelDraw.Shuffle(first.Pool, seed, 3));
    }

    [Fact]
    public void PanelDraw_DifferentRound_DifferentSeed()
    {
        Assert.NotEqual(ExpertPanelDraw.SeedFor("inst-1", "qr-1", 1), ExpertPanelDraw.SeedFor("inst-1", "qr-1", 2));
        Assert.Equal(ExpertPanelDraw.SeedFor("inst-1", "qr-1", 1), ExpertPanelDraw.SeedFor("inst-1", "qr-1", 1));
        Assert.Equal(32, ExpertPanelDraw.SeedFor("i", "a", 1).Length);
    }

    [Fact]
    public void PanelDraw_EverySeedDrawsEachEligibleExpertSomeTimes_NeverAnExcludedOne()
    {
        var experts = new List<PoolExpert>
        {
            Expert("ok1"), Expert("ok2"), Expert("ok3"), Expert("ok4"),
            Expert("own", unit: "applicant"),
            Expert("young", title: ProfessionalTitle.AssociateSenior, titleYear: 2022),
            Expert("junior", title: ProfessionalTitle.Intermediate),
            Expert("consultant", consultant: true),
            Expert("retired", status: ExpertStatus.Retired),
            Expert("nominated", status: ExpertStatus.Nominated),
        };
        var seen = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            var result = ExpertPanelDraw.Draw(experts, "applicant", 3, ExpertPanelDraw.SeedFor("inst", "app", i), 2026, TestData.T);
            Assert.Equal(["ok1", "ok2", "ok3", "ok4"], result.Pool);
            seen.UnionWith(result.Drawn);
        }

        Assert.Equal(["ok1", "ok2", "ok3", "ok4"], seen.Order());
        var excluded = ExpertPanelDraw.Draw(experts, "applicant", 3, "s", 2026, TestData.T).Excluded.ToDictionary(e => e.ExpertId, e => e.Reason);
        Assert.Contains("利益冲突", excluded["own"], StringComparison.Ordinal);
        Assert.Contains("已满 4 年", excluded["young"], StringComparison.Ordinal);
        Assert.Contains("副高", excluded["junior"], StringComparison.Ordinal);
        Assert.Contains("咨询专家", excluded["consultant"], StringComparison.Ordinal);
        Assert.Contains("退出", excluded["retired"], StringComparison.Ordinal);
        Assert.Contains("尚未入库", excluded["nominated"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2021, true)]  // title held 5 years in 2026
    [InlineData(2022, false)] // 4 years
    public void PanelDraw_TitleHeldFourOrFiveYears_ExcludedOnlyAtFour(int titleYear, bool eligible)
    {
        var result = ExpertPanelDraw.Draw([Expert("x", title: ProfessionalTitle.AssociateSenior, titleYear: titleYear)], "applicant", 1, "seed", 2026, TestData.T);

        Assert.Equal(eligible, result.Complete(1));
    }

    [Fact]
    public void PanelDraw_PoolSmallerThanPanel_Incomplete()
    {
        var result = ExpertPanelDraw.Draw([Expert("a"), Expert("b")], "applicant", 3, "seed", 2026, TestData.T);

        Assert.False(result.Complete(3));
        Assert.Equal(2, result.Drawn.Count);
    }

    [Fact]
    public void ChairSelection_AverageOfScores_RankedWithSharedRanks()
    {
        var result = ChairSelection.Rank(
        [
            new ChairCandidateScore("p1", "甲", [70, 90]),
            new ChairCandidateScore("p2", "乙", [92]),
            new ChairCandidateScore("p3", "丙", [85, 85]),
            new ChairCandidateScore("p4", "丁", [84, 86]),
        ]);

        Assert.False(result.TieForFirst);
        Assert.Equal("p2", result.Winner!.PersonId);
        Assert.Equal([("乙", 1), ("丁", 2), ("丙", 2), ("甲", 4)], result.Ranking.Select(r => (r.Candidate.Name, r.Rank)));
        Assert.Equal(85m, result.Ranking[1].Candidate.Average);
    }

    [Fact]
    public void ChairSelection_TieForFirst_NoWinner()
    {
        var result = ChairSelection.Rank([new ChairCandidateScore("p1", "甲", [90]), new ChairCandidateScore("p2", "乙", [88, 92])]);

        Assert.True(result.TieForFirst);
        Assert.Null(result.Winner);
    }

    [Fact]
    public void ChairSelection_ParseLinesAndArrays_ReportsEveryBadLine()
    {
        var (items, errors) = ChairSelection.Parse(JsonValue.Create("张三，88，90\n李四 85\n王五，八十\n赵六，101\n张三，70"));
        Assert.Equal([("张三", 2), ("李四", 1)], items.Select(i => (i.Key, i.Scores.Count)));
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Contains("王五", StringComparison.Ordinal) && e.Contains("不是数字", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("赵六", StringComparison.Ordinal) && e.Contains("0–100", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("重复", StringComparison.Ordinal));

        var (fromArray, none) = ChairSelection.Parse(JsonNode.Parse("""[{"personId":"p1","scores":[80,90]},{"name":"乙","score":70}]"""));
        Assert.Empty(none);
        Assert.Equal(["p1", "乙"], fromArray.Select(i => i.Key));
        Assert.NotEmpty(ChairSelection.Parse(null).Errors);
    }

    [Fact]
    public void Ballots_ObjectArrayOrLines_SameBallots()
    {
        var fromLines = Ballots.Parse(JsonValue.Create("changwu1 赞成\nchangwu2：反对\nchangwu3 弃权"));
        var fromObject = Ballots.Parse(JsonNode.Parse("""{"changwu1":"inFavour","changwu2":"against","changwu3":"abstain"}"""));
        var fromArray = Ballots.Parse(JsonNode.Parse("""[{"voter":"changwu1","choice":"同意"},{"voter":"changwu2","choice":"反对"},{"voter":"changwu3","choice":"弃权"}]"""));

        Assert.Empty(fromLines.Errors);
        Assert.Equal(fromObject.Ballots, fromLines.Ballots);
        Assert.Equal(fromObject.Ballots, fromArray.Ballots);
        Assert.Equal(VoteChoice.Against, fromLines.Ballots[1].Choice);
    }

    [Fact]
    public void Ballots_UnknownChoiceOrTwiceTheSameVoter_Reported()
    {
        var (ballots, errors) = Ballots.Parse(JsonValue.Create("changwu1 赞成\nchangwu1 反对\nchangwu2 也许"));

        Assert.Single(ballots);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public async Task FoundingForm_BadFieldsAndUnknownReferences_OneMessagePerField()
    {
        using var database = new SqliteTestDatabase();
        await using var db = database.CreateContext();

        var result = await ApplicationForms.ParseFoundingAsync(JsonNode.Parse("""
            {"kind":"academic","name":"","chairUnitId":"nope","chairPersonId":"nobody","fundingCommitment":"yes","secondLevelDiscipline":true,
             "officeHolders":[{"personId":"nobody2","position":"boss"}]}
            """), db, CancellationToken.None);

        Assert.False(result.IsValid);
        var paths = result.Errors.Select(e => e.Path).ToHashSet();
        Assert.Superset(new HashSet<string> { "name", "discipline", "chairUnitId", "chairPersonId", "fundingCommitment", "unitsWithDepartment", "officeHolders[0].position" }, paths);
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Fact]
    public async Task FoundingForm_ExistingBranchNameEvenDissolved_Refused()
    {
        using var database = new SqliteTestDatabase();
        await using (var seed = database.CreateContext())
        {
            await new AssociationSeeder(seed, TestData.SeedsPath, NullLogger<AssociationSeeder>.Instance).SeedAsync(includeDemo: true);
        }

        await using var db = database.CreateContext();
        var result = await ApplicationForms.ParseFoundingAsync(JsonNode.Parse("""{"kind":"academic","name":"全科医学分会","discipline":"全科医学","chairUnitId":"d31ef2cb-21d7-589f-ab91-5400bf5aa266","fundingCommitment":true}"""), db, CancellationToken.None);

        Assert.Equal("name", Assert.Single(result.Errors).Path);
    }

    [Fact]
    public async Task ActivityForm_EndBeforeStartAndMissingFields_Reported()
    {
        using var database = new SqliteTestDatabase();
        await using var db = database.CreateContext();

        var result = await ApplicationForms.ParseActivityAsync(JsonNode.Parse("""{"branchId":"x","type":"party","startsAt":"2027-01-02T09:00","endsAt":"2027-01-01T09:00"}"""), db, CancellationToken.None);

        Assert.Equal(["branchId", "endsAt", "title", "type"], result.Errors.Select(e => e.Path).Order());
    }

    [Fact]
    public void Merge_RevisionForm_NonEmptyFieldsWin()
    {
        var merged = ApplicationForms.Merge(JsonNode.Parse("""{"title":"原名","budget":100,"venue":"甲地"}""")!.AsObject(), JsonNode.Parse("""{"title":"","budget":80,"venue":null,"agenda":"新议程"}""")!.AsObject());

        Assert.Equal("原名", merged["title"]!.GetValue<string>());
        Assert.Equal(80, merged["budget"]!.GetValue<int>());
        Assert.Equal("甲地", merged["venue"]!.GetValue<string>());
        Assert.Equal("新议程", merged["agenda"]!.GetValue<string>());
    }

    [Fact]
    public void Activities_Registered_NamespacedChineseAndNoInputShadowsAnOutput()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAssociation();
        using var provider = services.BuildServiceProvider();
        var activities = provider.GetServices<IActivity>().ToList();

        Assert.Equal(AssociationModule.ActivityTypes.Count, activities.Count);
        Assert.All(activities, a =>
        {
            var d = a.Descriptor;
            Assert.StartsWith("Association.", d.TypeName, StringComparison.Ordinal);
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", d.DisplayName.Zh);
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", d.Category.Zh);
            Assert.Empty(d.Inputs.Select(i => i.Name).Intersect(d.Outputs.Select(o => o.Name), StringComparer.OrdinalIgnoreCase));
        });
        Assert.Equal(activities.Count, activities.Select(a => a.Descriptor.TypeName).Distinct().Count());
    }
}
