using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Tests.Support;
using static Workflows.Testing.Wf;

namespace Workflows.Runtime.Tests.Runtime;

public class DefinitionStoreTests
{
    private static JsonObject Simple(string id = "d1", string text = "v") =>
        Def(id, [Act("start", "Elsa.Start"), WriteLine("w", text)], [Conn("start", "w")]).Json;

    [Fact]
    public async Task SaveDraft_ThenPublish_ThenSaveAgain_FollowsElsaVersioning()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<DefinitionStore>();

        var draft1 = (await store.SaveAsync(Simple(text: "a"), false, "designer", "mishu1")).Record!;
        var draft1Again = (await store.SaveAsync(Simple(text: "b"), false, "designer", "mishu1")).Record!;
        Assert.Equal(draft1.Id, draft1Again.Id);
        Assert.Equal(1, draft1Again.Version);

        var published = (await store.SaveAsync(Simple(text: "c"), true, "designer", "mishu1")).Record!;
        Assert.Equal(draft1.Id, published.Id);
        Assert.True(published.IsPublished);

        var draft2 = (await store.SaveAsync(Simple(text: "d"), false, "designer", "mishu1")).Record!;
        Assert.NotEqual(published.Id, draft2.Id);
        Assert.Equal(2, draft2.Version);

        var all = await host.QueryAsync(db => db.Definitions.AsNoTracking().OrderBy(d => d.Version).ToListAsync());
        Assert.Equal([(1, false, true), (2, true, false)], all.Select(d => (d.Version, d.IsLatest, d.IsPublished)));
        Assert.False(JsonNode.Parse(all[0].Json)!["isLatest"]!.GetValue<bool>());
        Assert.True(JsonNode.Parse(all[0].Json)!["isPublished"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Save_InvalidDefinition_IsRefusedAndStoredDraftStaysAsItWas()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<DefinitionStore>();
        var good = (await store.SaveAsync(Simple(text: "原稿"), false, "designer", "mishu1")).Record!;
        var before = good.Json;

        var bad = Simple(text: "坏稿");
        ((JsonArray)bad["root"]!["activities"]!).Add(Act("x", "Elsa.HttpEndpoint"));
        var result = await store.SaveAsync(bad, false, "designer", "mishu1");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Messages, m => m.Code == "activity.unknownType");
        var stored = await host.QueryAsync(db => db.Definitions.AsNoTracking().SingleAsync());
        Assert.Equal(before, stored.Json);
    }

    [Fact]
    public async Task Retract_And_Revert_WorkOnVersions()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<DefinitionStore>();
        await store.SaveAsync(Simple(text: "一"), true, null, null);
        await store.SaveAsync(Simple(text: "二"), true, null, null);

        Assert.NotNull(await store.RetractAsync("d1"));
        Assert.Null(await store.FindAsync("d1", VersionOptions.Published));
        Assert.Null(await store.RetractAsync("d1"));

        var reverted = await store.RevertAsync("d1", 1, null);
        Assert.Equal(3, reverted!.Version);
        Assert.Contains("一", reverted.Json);
        Assert.True((await store.FindAsync("d1", VersionOptions.Latest))!.Id == reverted.Id);
    }

    [Theory]
    [InlineData("Latest", "Latest")]
    [InlineData("", "Published")]
    [InlineData("3", "SpecificVersion")]
    [InlineData("allversions", "AllVersions")]
    public void VersionOptions_Parse_AcceptsElsaValues(string text, string kind) =>
        Assert.Equal(kind, VersionOptions.Parse(text, VersionOptions.Published).Kind);

    [Fact]
    public void VersionOptions_Parse_RejectsNonsense() =>
        Assert.Throws<FormatException>(() => VersionOptions.Parse("Newest", VersionOptions.Latest));
}
