using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Persistence;
using Workflows.Server.Tests.Support;
using Workflows.Testing;
using static Workflows.Server.Tests.Elsa.Support.Wire;

namespace Workflows.Server.Tests.Elsa;

/// <summary>
/// A save that would break the definition is refused with reasons Studio shows, and the stored draft stays exactly
/// as it was. Publishing makes a new version; instances already running keep theirs.
/// </summary>
public sealed class SaveSafetyTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private delegate void Break(JsonObject definition);

    private static JsonArray Activities(JsonObject definition) => definition["root"]!["activities"]!.AsArray();

    private static JsonArray Connections(JsonObject definition) => definition["root"]!["connections"]!.AsArray();

    public static TheoryData<string, string> Breakages() => new()
    {
        { "unknownType", "未知" },
        { "missingTarget", "不存在的活动" },
        { "missingSource", "不存在" },
        { "missingPort", "没有名为 Nope 的出口" },
        { "scriptSyntax", "脚本语法错误" },
        { "duplicateId", "重复" },
        { "badJsonExpression", "JSON 格式错误" },
        { "unsupportedExpression", "不支持的表达式类型" },
        // C# is off unless Expressions:CSharp:Enabled: refused with that reason, not as an unknown language.
        { "csharpDisabled", "C# 表达式在本服务中未启用" },
        { "duplicateVariable", "重复定义" },
        { "stringVersion", "version 必须是整数" },
    };

    private static void Apply(string kind, JsonObject d)
    {
        switch (kind)
        {
            case "unknownType":
                Activities(d).Add(Wf.Act("ghost", "Acme.Teleport"));
                break;
            case "missingTarget":
                Connections(d).Add(Wf.Conn("write", "nowhere"));
                break;
            case "missingSource":
                Connections(d).Add(Wf.Conn("nowhere", "write"));
                break;
            case "missingPort":
                Connections(d).Add(Wf.Conn("start", "write", "Nope"));
                break;
            case "scriptSyntax":
                Activities(d)[1]!["text"] = Wf.Js("'未闭合的字符串", "String");
                break;
            case "duplicateId":
                Activities(d).Add(Wf.WriteLine("write", "同一个编号"));
                break;
            case "badJsonExpression":
                Activities(d)[1]!["text"] = Wf.Obj("{\"a\": ", "Object");
                break;
            case "unsupportedExpression":
                Activities(d)[1]!["text"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Python", ["value"] = "x" } };
                break;
            case "csharpDisabled":
                Activities(d)[1]!["text"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "CSharp", ["value"] = "\"x\"" } };
                break;
            case "duplicateVariable":
                d["variables"] = new JsonArray(Wf.Var("Amount", "Int32"), Wf.Var("Amount", "String"));
                break;
            case "stringVersion":
                Activities(d)[1]!["version"] = "1";
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Breakages))]
    public async Task Save_BrokenDefinition_Is400WithReasons_AndTheDraftIsUnchanged(string kind, string expected)
    {
        var client = await app.ClientAsync("mishu1");
        var before = await CreateAsync(client, "安全保存 " + kind);
        var broken = before.DeepClone().AsObject();
        Apply(kind, broken);

        var draft = await client.PostAsync($"{ApiRoot}/workflow-definitions", Json(Save(broken)));
        var publish = await client.PostAsync($"{ApiRoot}/workflow-definitions", Json(Save(broken, publish: true)));
        var after = await GetAsync(client, $"/workflow-definitions/by-definition-id/{before["definitionId"]}?versionOptions=Latest");

        Assert.Contains((await ErrorsAsync(draft)), e => e.Contains(expected, StringComparison.Ordinal));
        await ErrorsAsync(publish);
        Assert.True(JsonNode.DeepEquals(before, after), $"{kind}: the stored draft changed\nbefore: {before.ToJsonString()}\nafter:  {after.ToJsonString()}");
    }

    [Fact]
    public async Task Save_BrokenOverAPublishedVersion_OpensNoDraft()
    {
        var client = await app.ClientAsync("mishu1");
        var published = await CreateAsync(client, "已发布不被破坏", publish: true);
        var broken = published.DeepClone().AsObject();
        Apply("unknownType", broken);

        var response = await client.PostAsync($"{ApiRoot}/workflow-definitions", Json(Save(broken)));
        var versions = await GetAsync(client, $"/workflow-definitions?versionOptions=AllVersions&DefinitionIds={published["definitionId"]}");

        await ErrorsAsync(response);
        var only = Assert.Single(versions["items"]!.AsArray());
        Assert.True(only!["isPublished"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Publish_IncompleteTask_Is400_WhileTheDraftSaves()
    {
        var client = await app.ClientAsync("mishu1");
        var model = Model("未填写标题", [Wf.Act("start", "Elsa.Start"), Wf.Act("task", "Workflows.HumanTask")], [Wf.Conn("start", "task", "Done")]);

        var draft = await PostAsync(client, "/workflow-definitions", Save(model));
        var publish = await client.PostAsync($"{ApiRoot}/workflow-definitions", Json(Save(draft["workflowDefinition"]!.AsObject(), publish: true)));
        var publishEndpoint = await client.PostAsync($"{ApiRoot}/workflow-definitions/{draft["workflowDefinition"]!["definitionId"]}/publish", Json(new JsonObject()));

        Assert.Contains(draft["validationErrors"]!.AsArray(), w => Text(w).Contains("没有标题", StringComparison.Ordinal));
        Assert.Contains((await ErrorsAsync(publish)), e => e.Contains("没有标题", StringComparison.Ordinal));
        await ErrorsAsync(publishEndpoint);
        var latest = await GetAsync(client, $"/workflow-definitions/by-definition-id/{draft["workflowDefinition"]!["definitionId"]}");
        Assert.False(latest["isPublished"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("{\"model\": {\"name\": ", "不是合法的 JSON")]
    [InlineData("[1, 2]", "JSON 对象")]
    [InlineData("{\"publish\": true}", "model")]
    [InlineData("{\"model\": {\"name\": \"无根\"}, \"publish\": false}", "root")]
    [InlineData("{\"model\": {\"name\": \"x\", \"root\": {\"id\": \"f\", \"type\": \"Elsa.Flowchart\", \"version\": 1}}, \"publish\": \"yes\"}", "publish")]
    public async Task Save_MalformedRequest_Is400AndStoresNothing(string body, string expected)
    {
        var client = await app.ClientAsync("mishu1");
        var before = (await GetAsync(client, "/workflow-definitions/query/count"))["count"]!.GetValue<int>();

        var response = await client.PostAsync($"{ApiRoot}/workflow-definitions", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Contains((await ErrorsAsync(response)), e => e.Contains(expected, StringComparison.Ordinal));
        Assert.Equal(before, (await GetAsync(client, "/workflow-definitions/query/count"))["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task ImportFiles_OneBadFile_ImportsNone()
    {
        var client = await app.ClientAsync("mishu1");
        var good = Model("批量导入好", [Wf.Act("start", "Elsa.Start")], [], "import-good");
        var bad = Model("批量导入坏", [Wf.Act("start", "Elsa.Start"), Wf.Act("ghost", "Acme.Teleport")], [], "import-bad");
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(good.ToJsonString())), "files", "good.json" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(bad.ToJsonString())), "files", "bad.json" },
        };

        var response = await client.PostAsync($"{ApiRoot}/workflow-definitions/import-files", form);

        Assert.Contains((await ErrorsAsync(response)), e => e.StartsWith("bad.json", StringComparison.Ordinal) && e.Contains("Acme.Teleport", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{ApiRoot}/workflow-definitions/by-definition-id/import-good")).StatusCode);
    }

    [Fact]
    public async Task BulkPublish_OneIncomplete_PublishesNone()
    {
        var client = await app.ClientAsync("mishu1");
        var fine = await CreateAsync(client, "批量发布好");
        var incomplete = (await PostAsync(client, "/workflow-definitions", Save(Model("批量发布缺标题", [Wf.Act("start", "Elsa.Start"), Wf.Act("task", "Workflows.HumanTask")], [Wf.Conn("start", "task")]))))["workflowDefinition"]!;

        var response = await client.PostAsync($"{ApiRoot}/bulk-actions/publish/workflow-definitions/by-definition-ids",
            Json(new JsonObject { ["definitionIds"] = new JsonArray(Text(fine["definitionId"]), Text(incomplete["definitionId"])) }));

        Assert.Contains((await ErrorsAsync(response)), e => e.Contains("没有标题", StringComparison.Ordinal));
        Assert.False((await GetAsync(client, $"/workflow-definitions/by-definition-id/{fine["definitionId"]}"))["isPublished"]!.GetValue<bool>());
    }

    /// <summary>An activity type the engine no longer knows: Studio gets Elsa's placeholder, and saving it back is refused.</summary>
    [Fact]
    public async Task StoredUnknownType_ShownAsNotFoundPlaceholder_SaveRefused_RemovingItSaves()
    {
        var client = await app.ClientAsync("mishu1");
        var definition = await CreateAsync(client, "含未知活动");
        using (var scope = app.Services.CreateScope())
        {
            // Only a change of the engine can leave such a row: the store itself refuses unknown types.
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var row = db.Definitions.Single(d => d.Id == Text(definition["id"]));
            var json = JsonNode.Parse(row.Json)!.AsObject();
            json["root"]!["activities"]!.AsArray().Add(Wf.Act("legacy", "Acme.Legacy", ("answer", Wf.Lit(42, "Int32"))));
            json["root"]!["connections"]!.AsArray().Add(Wf.Conn("legacy", "write", "Approved"));
            row.Json = json.ToJsonString();
            await db.SaveChangesAsync();
        }

        var shown = await GetAsync(client, $"/workflow-definitions/by-definition-id/{definition["definitionId"]}");
        var placeholder = shown["root"]!["activities"]!.AsArray().OfType<JsonObject>().Single(a => Text(a["id"]) == "legacy");
        var refused = await client.PostAsync($"{ApiRoot}/workflow-definitions", Json(Save(shown)));
        var stillStored = await GetAsync(client, $"/workflow-definitions/by-definition-id/{definition["definitionId"]}");
        var cleaned = shown.DeepClone().AsObject();
        cleaned["root"]!["activities"]!.AsArray().Remove(cleaned["root"]!["activities"]!.AsArray().Single(a => Text(a!["id"]) == "legacy"));
        cleaned["root"]!["connections"]!.AsArray().Remove(cleaned["root"]!["connections"]!.AsArray().Single(c => Text(c!["source"]!["activity"]) == "legacy"));
        var saved = await client.PostAsync($"{ApiRoot}/workflow-definitions", Json(Save(cleaned)));

        Assert.Equal("Elsa.NotFoundActivity", Text(placeholder["type"]));
        Assert.Equal("Acme.Legacy", Text(placeholder["missingTypeName"]));
        Assert.Equal("Workflow1:flow1:legacy", Text(placeholder["nodeId"]));
        Assert.Equal("[\"Approved\"]", Text(placeholder["outcomes"]!["expression"]!["value"]));
        Assert.Equal(42, JsonNode.Parse(Text(placeholder["originalActivityJson"]))!["answer"]!["expression"]!["value"]!.GetValue<int>());
        Assert.Contains((await ErrorsAsync(refused)), e => e.Contains("Acme.Legacy", StringComparison.Ordinal));
        Assert.True(JsonNode.DeepEquals(shown, stillStored));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
    }

    [Fact]
    public async Task Publish_NewVersion_RunningInstanceKeepsItsVersion()
    {
        var client = await app.ClientAsync("mishu1");
        var model = Model("版本隔离", [Wf.Act("start", "Elsa.Start"), Wf.HumanTask("task", "确认", "secretariat", "Done"), Wf.WriteLine("after", "第一版的后续")],
            [Wf.Conn("start", "task"), Wf.Conn("task", "after", "Done")]);
        var v1 = (await PostAsync(client, "/workflow-definitions", Save(model, publish: true)))["workflowDefinition"]!.AsObject();
        var started = await client.PostAsync($"{ApiRoot}/workflow-definitions/{v1["definitionId"]}/execute", Json(new JsonObject()));
        var instanceId = started.Headers.GetValues("x-elsa-workflow-instance-id").Single();
        var v2Model = v1.DeepClone().AsObject();
        v2Model["root"]!["activities"]![2]!["text"] = Wf.Lit("第二版的后续");

        var v2 = (await PostAsync(client, "/workflow-definitions", Save(v2Model, publish: true)))["workflowDefinition"]!;
        var tasks = await client.GetFromJsonAsync<JsonObject>("/api/tasks?pageSize=200");
        var taskId = tasks!["items"]!.AsArray().Single(t => Text(t!["instanceId"]) == instanceId)!["id"];
        var completed = await client.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { outcome = "Done" });
        var journal = await GetAsync(client, $"/workflow-instances/{instanceId}/journal");
        var instance = await GetAsync(client, $"/workflow-instances/{instanceId}");

        Assert.Equal(2, v2["version"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal(Text(v1["id"]), Text(instance["definitionVersionId"]));
        Assert.Contains(journal["items"]!.AsArray(), e => Text(e!["activityId"]) == "after" && Text(e["message"]) == "第一版的后续");
        Assert.DoesNotContain(journal["items"]!.AsArray(), e => Text(e!["message"]) == "第二版的后续");
    }
}
