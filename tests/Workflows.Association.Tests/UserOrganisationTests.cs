using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Association.Seeding;
using static Workflows.Association.Tests.TestData;

namespace Workflows.Association.Tests;

/// <summary>The demo users are linked to the register: member units to their unit, branch chairs to the branch they chair.</summary>
public sealed class UserOrganisationTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 12, 2);
    private readonly SqliteTestDatabase database = new();

    public void Dispose() => database.Dispose();

    private async Task<SeedReport> SeedAsync()
    {
        await using var db = database.CreateContext();
        return await new AssociationSeeder(db, SeedsPath).SeedAsync(includeDemo: true);
    }

    private async Task<UserOrganisation> FindAsync(string userName)
    {
        await using var db = database.CreateContext();
        return await UserOrganisations.FindAsync(db, userName, Today);
    }

    [Fact]
    public async Task DemoUsers_AreLinkedToTheirUnitAndTheBranchesTheyChair()
    {
        await SeedAsync();

        var huiyuan1 = await FindAsync("huiyuan1");
        var huiyuan2 = await FindAsync("huiyuan2");
        var zhuwei1 = await FindAsync("zhuwei1");
        var zhuwei2 = await FindAsync("zhuwei2");

        Assert.Equal("重庆沙坪坝益康中西医结合诊所", huiyuan1.MemberUnitName);
        Assert.Equal("重庆铜梁怡康综合诊所", huiyuan2.MemberUnitName);
        Assert.NotEqual(huiyuan1.MemberUnitId, huiyuan2.MemberUnitId);
        Assert.Empty(huiyuan1.ChairedBranches);
        Assert.Equal(["心血管内科分会"], zhuwei1.ChairedBranches.Select(b => b.Name));
        Assert.Equal(["连锁（个体）中医诊所分会"], zhuwei2.ChairedBranches.Select(b => b.Name));

        // The branch's chair person is the user's person, and the branch's chair unit is the user's unit.
        await using var db = database.CreateContext();
        foreach (var chair in new[] { zhuwei1, zhuwei2 })
        {
            var branch = await db.Set<Branch>().SingleAsync(b => b.Id == chair.ChairedBranches[0].Id);
            Assert.Equal(chair.MemberUnitId, branch.ChairUnitId);
            var person = await db.Set<Person>().SingleAsync(p => p.Id == chair.PersonId);
            Assert.Equal(chair.UserName, person.UserName);
        }
    }

    [Fact]
    public async Task AUserWithoutAPerson_BelongsNowhere()
    {
        await SeedAsync();

        var secretary = await FindAsync("mishu1");

        Assert.Null(secretary.PersonId);
        Assert.Null(secretary.MemberUnitId);
        Assert.Empty(secretary.ChairedBranches);
        Assert.False(secretary.IsOwnUnit(null));
    }

    [Fact]
    public async Task ALostLink_IsRestoredByTheNextSeed_AndASecondSeedChangesNothing()
    {
        await SeedAsync();
        await using (var db = database.CreateContext())
        {
            // As in a database seeded before the link existed, or after someone moved the user name to another person.
            var huiyuan1 = await db.Set<Person>().SingleAsync(p => p.UserName == "huiyuan1");
            huiyuan1.UserName = null;
            await db.SaveChangesAsync();
            var other = await db.Set<Person>().FirstAsync(p => p.UserName == null && p.Id != huiyuan1.Id);
            other.UserName = "huiyuan1";
            await db.SaveChangesAsync();
        }

        var repair = await SeedAsync();
        var again = await SeedAsync();

        Assert.Equal(1, repair.Files[SeedFiles.DemoUsers].Updated);
        Assert.False(again.Changed);
        Assert.Equal("重庆沙坪坝益康中西医结合诊所", (await FindAsync("huiyuan1")).MemberUnitName);
        await using var check = database.CreateContext();
        Assert.Equal(1, await check.Set<Person>().CountAsync(p => p.UserName == "huiyuan1"));
    }

    [Fact]
    public async Task AChairReplacedByANewTerm_NoLongerChairsTheBranch()
    {
        await SeedAsync();
        var before = await FindAsync("zhuwei1");
        await using (var db = database.CreateContext())
        {
            var successor = await db.Set<Person>().FirstAsync(p => p.UserName == null);
            db.Add(new BranchOfficeHolder
            {
                Id = "holder-successor", BranchId = before.ChairedBranches[0].Id, PersonId = successor.Id, Position = OfficePosition.Chair,
                TermStart = new DateOnly(2026, 5, 1), TermEnd = new DateOnly(2030, 4, 30),
            });
            await db.SaveChangesAsync();
        }

        Assert.Empty((await FindAsync("zhuwei1")).ChairedBranches);
    }
}
