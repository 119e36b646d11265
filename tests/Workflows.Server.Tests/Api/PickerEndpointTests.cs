using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workflows.Server.Tests.Security;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Api;

/// <summary>
/// /api/pickers (issue 14 item 2): search by name, unit, district and title, paged, and limited to what the caller may
/// choose: a member unit its own unit's people, a branch chair their own branch, the secretariat the whole register.
/// </summary>
public sealed class PickerEndpointTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private async Task<JsonObject> GetAsync(string user, string path)
    {
        var client = await app.ClientAsync(user);
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static List<JsonObject> Items(JsonObject page) => page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();

    private static string S(JsonObject item, string name) => item[name]?.GetValue<string>() ?? "";

    [Fact]
    public async Task AMemberUnit_PicksOnlyPeopleOfItsOwnUnit()
    {
        var all = await GetAsync("huiyuan1", "/api/pickers/people");
        var stranger = await GetAsync("huiyuan1", "/api/pickers/people?q=丁志刚"); // a chair of another unit
        var units = await GetAsync("huiyuan1", "/api/pickers/units");

        Assert.Equal(5, all["total"]!.GetValue<int>()); // 吴德明 and four colleagues (seeds/demo/people.json)
        Assert.All(Items(all), p => Assert.Equal(ApplicantRuleTests.Huiyuan1Clinic, S(p, "unitId")));
        Assert.Contains(Items(all), p => S(p, "label") == "吴德明" && S(p, "detail").Contains("重庆沙坪坝益康中西医结合诊所", StringComparison.Ordinal));
        Assert.Equal(0, stranger["total"]!.GetValue<int>());
        Assert.Equal([ApplicantRuleTests.Huiyuan1Clinic], Items(units).Select(u => S(u, "id")));
    }

    [Fact]
    public async Task ABranchChair_PicksOnlyTheirOwnBranch_TheSecretariatAny()
    {
        var chair = await GetAsync("zhuwei1", "/api/pickers/branches");
        var secretary = await GetAsync("mishu1", "/api/pickers/branches?pageSize=50");
        var search = await GetAsync("mishu1", "/api/pickers/branches?q=神经");

        Assert.Equal([ApplicantRuleTests.Cardiology], Items(chair).Select(b => S(b, "id")));
        Assert.Equal(33, secretary["total"]!.GetValue<int>()); // 35 seeded, less the merged and the dissolved one
        Assert.Equal(["神经内科分会", "神经外科分会"], Items(search).Select(b => S(b, "label")).Order());
    }

    [Fact]
    public async Task Search_ByUnitDistrictAndTitle_TermByTerm()
    {
        var byUnit = await GetAsync("mishu1", "/api/pickers/people?q=仁济医院&pageSize=50");
        var byDistrictAndTitle = await GetAsync("mishu1", "/api/pickers/people?q=渝中区 主任医师&pageSize=50");
        var units = await GetAsync("mishu1", "/api/pickers/units?q=渝中区");
        var experts = await GetAsync("mishu1", "/api/pickers/experts?q=心血管");

        Assert.NotEmpty(Items(byUnit));
        Assert.All(Items(byUnit), p => Assert.Equal(ApplicantRuleTests.RenjiHospital, S(p, "unitId")));
        Assert.NotEmpty(Items(byDistrictAndTitle));
        Assert.All(Items(byDistrictAndTitle), p => Assert.Contains("渝中区", S(p, "detail"), StringComparison.Ordinal));
        Assert.All(Items(byDistrictAndTitle), p => Assert.Contains("主任医师", S(p, "detail"), StringComparison.Ordinal));
        Assert.All(Items(units), u => Assert.Contains("渝中区", S(u, "detail"), StringComparison.Ordinal));
        Assert.NotEmpty(Items(experts));
    }

    [Fact]
    public async Task Paging_PagesDoNotOverlap_AndThePageSizeIsCapped()
    {
        var first = await GetAsync("mishu1", "/api/pickers/people?pageSize=10&page=1");
        var second = await GetAsync("mishu1", "/api/pickers/people?pageSize=10&page=2");
        var huge = await GetAsync("mishu1", "/api/pickers/people?pageSize=100000");

        Assert.Equal(10, Items(first).Count);
        Assert.Equal(10, Items(second).Count);
        Assert.Empty(Items(first).Select(i => S(i, "id")).Intersect(Items(second).Select(i => S(i, "id"))));
        Assert.True(first["total"]!.GetValue<int>() > 300);
        Assert.Equal(50, Items(huge).Count);
    }

    [Fact]
    public async Task Ids_ReturnTheChosenLabels_OnlyWithinTheCallersScope()
    {
        var own = Items(await GetAsync("huiyuan1", "/api/pickers/people")).First(p => S(p, "label") == "吴德明");
        var foreign = Items(await GetAsync("mishu1", "/api/pickers/people?q=丁志刚")).First();

        var asked = await GetAsync("huiyuan1", $"/api/pickers/people?ids={S(own, "id")},{S(foreign, "id")}");

        Assert.Equal([S(own, "id")], Items(asked).Select(i => S(i, "id")));
    }

    [Fact]
    public async Task AStranger_GetsNothing_AndAnAnonymousCallerIsRefused()
    {
        foreach (var kind in new[] { "people", "units", "branches", "experts" })
        {
            Assert.Equal(0, (await GetAsync("changwu1", $"/api/pickers/{kind}"))["total"]!.GetValue<int>()); // no person in the register
            using var anonymous = await (await app.ClientAsync()).GetAsync($"/api/pickers/{kind}");
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
    }
}
