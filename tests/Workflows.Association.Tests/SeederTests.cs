using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Association.Seeding;
using static Workflows.Association.Tests.TestData;

namespace Workflows.Association.Tests;

public sealed class SeederTests : IDisposable
{
    private readonly SqliteTestDatabase database = new();

    public void Dispose() => database.Dispose();

    private async Task<SeedReport> SeedAsync(bool includeDemo)
    {
        await using var db = database.CreateContext();
        return await new AssociationSeeder(db, SeedsPath).SeedAsync(includeDemo);
    }

    private Dictionary<string, int> RowCounts()
    {
        using var db = database.CreateContext();
        return new Dictionary<string, int>
        {
            ["districts"] = db.Set<District>().Count(),
            ["roles"] = db.Set<AssociationRole>().Count(),
            ["units"] = db.Set<MemberUnit>().Count(),
            ["inspections"] = db.Set<MemberUnitInspection>().Count(),
            ["revenues"] = db.Set<MemberUnitRevenue>().Count(),
            ["departments"] = db.Set<MemberUnitDepartment>().Count(),
            ["people"] = db.Set<Person>().Count(),
            ["branches"] = db.Set<Branch>().Count(),
            ["holders"] = db.Set<BranchOfficeHolder>().Count(),
            ["experts"] = db.Set<Expert>().Count(),
            ["partyMembers"] = db.Set<PartyBranchMember>().Count(),
            ["assessments"] = db.Set<Assessment>().Count(),
            ["pledges"] = db.Set<IntegrityPledge>().Count(),
            ["badPractice"] = db.Set<BadPracticeRecord>().Count(),
        };
    }

    private string Snapshot()
    {
        using var db = database.CreateContext();
        var data = new object[]
        {
            db.Set<District>().OrderBy(d => d.Id).ToList(),
            db.Set<AssociationRole>().OrderBy(r => r.Id).ToList(),
            db.Set<Branch>().OrderBy(b => b.Id).ToList(),
            db.Set<Person>().OrderBy(p => p.Id).ToList(),
            db.Set<Assessment>().OrderBy(a => a.Id).ToList(),
        };
        return JsonSerializer.Serialize(data);
    }

    [Fact]
    public async Task Seed_TwiceWithDemoOnRealSqliteFile_SecondRunChangesNothing()
    {
        var first = await SeedAsync(includeDemo: true);
        var countsAfterFirst = RowCounts();
        var snapshot = Snapshot();

        var second = await SeedAsync(includeDemo: true);

        Assert.True(first.Changed);
        Assert.False(second.Changed, string.Join(", ", second.Files.Where(f => f.Value.Inserted + f.Value.Updated > 0).Select(f => f.Key)));
        Assert.Equal(0, second.Inserted);
        Assert.Equal(countsAfterFirst, RowCounts());
        Assert.Equal(snapshot, Snapshot());
    }

    [Fact]
    public async Task Seed_FirstRun_InsertsEveryRowOfEveryFile()
    {
        var report = await SeedAsync(includeDemo: true);

        var counts = RowCounts();
        Assert.Equal(38, counts["districts"]);
        Assert.Equal(10, counts["roles"]);
        Assert.Equal(100, counts["units"]);
        Assert.Equal(report.Files["demo/people.json"].Inserted, counts["people"]);
        Assert.Equal(report.Files["demo/branches.json"].Inserted, counts["branches"]);
        Assert.True(counts["inspections"] > 300);
        Assert.True(counts["partyMembers"] == 25);
        Assert.All(report.Files.Values, c => Assert.Equal(0, c.Updated));
    }

    [Fact]
    public async Task Seed_WithoutDemo_OnlyReferenceData()
    {
        var report = await SeedAsync(includeDemo: false);

        var counts = RowCounts();
        Assert.Equal(38, counts["districts"]);
        Assert.Equal(10, counts["roles"]);
        Assert.Equal(0, counts["units"]);
        Assert.Equal(0, counts["branches"]);
        Assert.Equal(2, report.Files.Count);
    }

    [Fact]
    public async Task Seed_ReferenceRowChangedInDatabase_RestoredFromFile()
    {
        await SeedAsync(includeDemo: false);
        await using (var db = database.CreateContext())
        {
            db.Set<District>().Single(d => d.Id == "500103").Name = "错误名称";
            await db.SaveChangesAsync();
        }

        var report = await SeedAsync(includeDemo: false);

        Assert.Equal(1, report.Files[SeedFiles.Districts].Updated);
        await using var read = database.CreateContext();
        Assert.Equal("渝中区", read.Set<District>().Single(d => d.Id == "500103").Name);
    }

    [Fact]
    public async Task Seed_DemoRowChangedByUsers_KeptOnNextRun()
    {
        await SeedAsync(includeDemo: true);
        await using (var db = database.CreateContext())
        {
            db.Set<Branch>().Single(b => b.Code == "cardiology").Status = BranchStatus.Suspended;
            await db.SaveChangesAsync();
        }

        var report = await SeedAsync(includeDemo: true);

        Assert.False(report.Changed);
        await using var read = database.CreateContext();
        Assert.Equal(BranchStatus.Suspended, read.Set<Branch>().Single(b => b.Code == "cardiology").Status);
    }

    [Fact]
    public async Task Seed_ReferenceFirstThenDemo_AddsDemoOnly()
    {
        await SeedAsync(includeDemo: false);

        var report = await SeedAsync(includeDemo: true);

        Assert.Equal(0, report.Files[SeedFiles.Districts].Inserted);
        Assert.Equal(100, report.Files["demo/member-units.json"].Inserted);
    }

    [Fact]
    public async Task Seed_MissingFolder_Throws()
    {
        await using var db = database.CreateContext();

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => new AssociationSeeder(db, Path.Combine(SeedsPath, "nope")).SeedAsync(false));
    }

    [Fact]
    public void SeedFiles_UnknownProperty_RejectedWithFileName()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-seed-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """[{"id":"500101","name":"万州区","nameEn":"Wanzhou","kind":"district","sortOrder":1,"nmae":"x"}]""");
        try
        {
            var ex = Assert.Throws<InvalidDataException>(() => SeedFiles.Read<District>(path));
            Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Seed_DemoQueries_CountUnitsWithDepartmentInSql()
    {
        await SeedAsync(includeDemo: true);
        await using var db = database.CreateContext();

        // What the founding workflow reads for 001 §9(2): 大内科 has 36 units, 大外科 34.
        Assert.Equal(36, await db.Set<MemberUnitDepartment>().CountAsync(d => d.Name == "内科"));
        Assert.Equal(34, await db.Set<MemberUnitDepartment>().CountAsync(d => d.Name == "外科"));
    }
}
