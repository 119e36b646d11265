using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Workflows.Server.Tests.Elsa.Support;
using Workflows.Server.Tests.Support;
using Workflows.Testing;
using static Workflows.Server.Tests.Elsa.Support.Wire;

namespace Workflows.Server.Tests.Elsa;

/// <summary>
/// One test per workflow-definition endpoint Studio calls (elsa-studio-api.md §4.1), each checking the member names
/// and JSON kinds Studio's client reads.
/// </summary>
public sealed class DefinitionContractTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    public const string P2 = "p2-party-branch-setup";

    public const string DefinitionShape =
        "id:s definitionId:s name:s? description:s? createdAt:d version:n toolVersion:s? isLatest:b isPublished:b isReadonly:b isSystem:b " +
        "options:o variables:a inputs:a outputs:a outcomes:a customProperties:o root:o links:a materializerName:s";

    public const string SummaryShape =
        "id:s definitionId:s name:s description:s? version:n isLatest:b isPublished:b createdAt:d materializerName:s isMaterializerAvailable:b links:a";


    [Fact]
    public async Task GetByDefinitionId_Latest_IsEditableWithNodeIdsAndLinks()
    {
        var client = await app.ClientAsync("mishu1");

        var definition = await GetAsync(client, $"/workflow-definitions/by-definition-id/{P2}?versionOptions=Latest");

        Editable(definition);
        Assert.Equal(P2, Text(definition["definitionId"]));
        Assert.Equal("Elsa.Flowchart", Text(definition["root"]!["type"]));
    }

    [Fact]
    public async Task GetByDefinitionId_EmptyVersionOptions_MeansLatest_AndUnknownIs404_AndBadOptionIs400()
    {
        var client = await app.ClientAsync("mishu1");

        var definition = await GetAsync(client, $"/workflow-definitions/by-definition-id/{P2}?versionOptions=");
        var missing = await client.GetAsync($"{ApiRoot}/workflow-definitions/by-definition-id/nope?versionOptions=Latest");
        var bad = await client.GetAsync($"{ApiRoot}/workflow-definitions/by-definition-id/{P2}?versionOptions=Newest");

        Assert.True(definition["isLatest"]!.GetValue<bool>());
        Assert.Contains("nope", (await ErrorsAsync(missing, HttpStatusCode.NotFound))[0]);
        Assert.Contains("Newest", (await ErrorsAsync(bad))[0]);
    }

    [Fact]
    public async Task GetById_ReturnsThatVersion()
    {
        var client = await app.ClientAsync("mishu1");
        var latest = await GetAsync(client, $"/workflow-definitions/by-definition-id/{P2}?versionOptions=Latest");

        var byId = await GetAsync(client, $"/workflow-definitions/by-id/{latest["id"]}");

        Shape(byId, DefinitionShape);
        Assert.Equal(Text(latest["id"]), Text(byId["id"]));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{ApiRoot}/workflow-definitions/by-id/nope")).StatusCode);
    }

    [Fact]
    public async Task GetManyById_ReturnsListResponse()
    {
        var client = await app.ClientAsync("mishu1");
        var one = await CreateAsync(client, "批量读取甲");
        var two = await CreateAsync(client, "批量读取乙");

        var list = await GetAsync(client, $"/workflow-definitions/many-by-id?ids={one["id"]}&ids={two["id"]}&ids=none");

        Shape(list, "items:a count:n");
        Assert.Equal(2, list["count"]!.GetValue<int>());
        foreach (var item in list["items"]!.AsArray()) Shape(item, DefinitionShape);
    }

    [Fact]
    public async Task List_AsTheDefinitionListElementAsks_IsPagedWithBulkPublishLink()
    {
        var client = await app.ClientAsync("mishu1");
        await CreateAsync(client, "列表测试");

        var page = await GetAsync(client, "/workflow-definitions?versionOptions=Latest&Page=0&PageSize=10&SearchTerm=&IsSystem=False&OrderDirection=Ascending");

        Shape(page, "items:a totalCount:n links:a");
        Link(page["links"]!.AsArray(), "bulk-publish");
        Assert.All(page["items"]!.AsArray(), item =>
        {
            Shape(item, SummaryShape, "summary");
            Link(item!["links"]!.AsArray(), "publish");
            Assert.True(item["isLatest"]!.GetValue<bool>());
        });
        var names = page["items"]!.AsArray().Select(i => Text(i!["name"])).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public async Task List_PublishedWithDefinitionIds_AndSearchAndPaging()
    {
        var client = await app.ClientAsync("mishu1");
        var draft = await CreateAsync(client, "搜索用草稿");

        var published = await GetAsync(client, $"/workflow-definitions?versionOptions=Published&DefinitionIds={P2}&DefinitionIds={draft["definitionId"]}");
        var searched = await GetAsync(client, "/workflow-definitions?versionOptions=Latest&SearchTerm=" + Uri.EscapeDataString("搜索用"));
        var paged = await GetAsync(client, "/workflow-definitions?versionOptions=Latest&Page=1&PageSize=1&OrderBy=Created&OrderDirection=Descending");

        Assert.Equal([P2], published["items"]!.AsArray().Select(i => Text(i!["definitionId"])));
        Assert.Equal(Text(draft["definitionId"]), Text(Assert.Single(searched["items"]!.AsArray())!["definitionId"]));
        Assert.Single(paged["items"]!.AsArray());
        Assert.True(paged["totalCount"]!.GetValue<long>() >= 2);
    }

    [Fact]
    public async Task List_VersionHistory_AllVersionsOrderedByVersionDescending()
    {
        var client = await app.ClientAsync("mishu1");
        var first = await CreateAsync(client, "版本历史", publish: true);
        var model = first.DeepClone().AsObject();
        model["description"] = "第二版";
        await PostAsync(client, "/workflow-definitions", Save(model));

        var history = await GetAsync(client, $"/workflow-definitions?versionOptions=AllVersions&Page=0&PageSize=10&DefinitionIds={first["definitionId"]}&OrderBy=Version&OrderDirection=Descending");

        Assert.Equal([2, 1], history["items"]!.AsArray().Select(i => i!["version"]!.GetValue<int>()));
        Assert.Equal([true, false], history["items"]!.AsArray().Select(i => i!["isLatest"]!.GetValue<bool>()));
        Assert.Equal([false, true], history["items"]!.AsArray().Select(i => i!["isPublished"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Count_CountsDefinitions()
    {
        var client = await app.ClientAsync("mishu1");

        var count = await GetAsync(client, "/workflow-definitions/query/count");

        Shape(count, "count:n");
        Assert.True(count["count"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public async Task IsNameUnique_KnowsTakenNames_ButNotTheOwnOne()
    {
        var client = await app.ClientAsync("mishu1");
        var p2 = await GetAsync(client, $"/workflow-definitions/by-definition-id/{P2}");
        var name = Uri.EscapeDataString(Text(p2["name"]));

        var taken = await GetAsync(client, $"/workflow-definitions/validation/is-name-unique?name={name}");
        var own = await GetAsync(client, $"/workflow-definitions/validation/is-name-unique?name={name}&definitionId={P2}");
        var free = await GetAsync(client, "/workflow-definitions/validation/is-name-unique?name=" + Guid.NewGuid().ToString("N"));

        Shape(taken, "isUnique:b");
        Assert.False(taken["isUnique"]!.GetValue<bool>());
        Assert.True(own["isUnique"]!.GetValue<bool>());
        Assert.True(free["isUnique"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Save_CreateWorkflowFromTheList_BareRootWithoutNodeIdGetsOne()
    {
        var client = await app.ClientAsync("mishu1");
        // Exactly what "Create workflow" posts: no definitionId, a bare root without nodeId or arrays.
        var body = JsonNode.Parse("""
            {"model":{"name":"Workflow 1","description":"","variables":[],"inputs":[],"outputs":[],"outcomes":[],"customProperties":{},"isReadonly":false,
              "options":{"activationStrategyType":null,"usableAsActivity":null,"autoUpdateConsumingWorkflows":false,"activityCategory":null,"incidentStrategyType":null,"commitStrategyName":null},
              "root":{"id":"3f1c0b5a9d2e4f60","type":"Elsa.Flowchart","version":1,"name":"Flowchart1"},"links":null,"version":1,"isLatest":true,"isPublished":false},
             "publish":false}
            """);

        var response = await PostAsync(client, "/workflow-definitions", body);

        Shape(response, "workflowDefinition:o alreadyPublished:b consumingWorkflowCount:n validationErrors:a");
        var saved = response["workflowDefinition"]!.AsObject();
        Editable(saved);
        Assert.Equal(1, saved["version"]!.GetValue<int>());
        Assert.False(saved["isPublished"]!.GetValue<bool>());
        Assert.Equal("Workflow1:3f1c0b5a9d2e4f60", Text(saved["root"]!["nodeId"]));
        Assert.Equal(16, Text(saved["definitionId"]).Length);
    }

    [Fact]
    public async Task Save_DraftAfterPublished_OpensVersion2_AndPublishFlagPublishesIt()
    {
        var client = await app.ClientAsync("mishu1");
        var v1 = await CreateAsync(client, "保存与发布", publish: true);
        var model = v1.DeepClone().AsObject();
        model["description"] = "改过";

        var draft = (await PostAsync(client, "/workflow-definitions", Save(model)))["workflowDefinition"]!.AsObject();
        var again = (await PostAsync(client, "/workflow-definitions", Save(draft)))["workflowDefinition"]!.AsObject();
        var published = (await PostAsync(client, "/workflow-definitions", Save(again, publish: true)))["workflowDefinition"]!.AsObject();

        Assert.Equal(2, draft["version"]!.GetValue<int>());
        Assert.NotEqual(Text(v1["id"]), Text(draft["id"]));
        Assert.Equal(Text(draft["id"]), Text(again["id"]));
        Assert.False(draft["isPublished"]!.GetValue<bool>());
        Assert.True(published["isPublished"]!.GetValue<bool>());
        Assert.Equal(2, published["version"]!.GetValue<int>());
        var old = await GetAsync(client, $"/workflow-definitions/by-id/{v1["id"]}");
        Assert.False(old["isPublished"]!.GetValue<bool>());
        Assert.False(old["isLatest"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Publish_LatestDraft_ThenAgainIsAlreadyPublished()
    {
        var client = await app.ClientAsync("mishu1");
        var draft = await CreateAsync(client, "单独发布");

        var first = await PostAsync(client, $"/workflow-definitions/{draft["definitionId"]}/publish", new JsonObject());
        var second = await PostAsync(client, $"/workflow-definitions/{draft["definitionId"]}/publish", new JsonObject());

        Shape(first, "workflowDefinition:o alreadyPublished:b consumingWorkflowCount:n");
        Assert.False(first["alreadyPublished"]!.GetValue<bool>());
        Assert.True(first["workflowDefinition"]!["isPublished"]!.GetValue<bool>());
        Assert.True(second["alreadyPublished"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"{ApiRoot}/workflow-definitions/nope/publish", Json(new JsonObject()))).StatusCode);
    }

    [Fact]
    public async Task Retract_Published_ReturnsDefinition_And400WhenNothingIsPublished()
    {
        var client = await app.ClientAsync("mishu1");
        var definition = await CreateAsync(client, "撤销发布", publish: true);

        var retracted = await PostAsync(client, $"/workflow-definitions/{definition["definitionId"]}/retract", new JsonObject());
        var again = await client.PostAsync($"{ApiRoot}/workflow-definitions/{definition["definitionId"]}/retract", Json(new JsonObject()));

        Editable(retracted);
        Assert.False(retracted["isPublished"]!.GetValue<bool>());
        Assert.Contains("没有已发布的版本", (await ErrorsAsync(again))[0]);
    }

    [Fact]
    public async Task Revert_ToVersion1_MakesVersion3AsLatestDraft()
    {
        var client = await app.ClientAsync("mishu1");
        var v1 = await CreateAsync(client, "回滚", publish: true, text: "第一版");
        var model = v1.DeepClone().AsObject();
        model["root"]!["activities"]![1]!["text"] = Wf.Lit("第二版");
        await PostAsync(client, "/workflow-definitions", Save(model, publish: true));

        var summary = await PostAsync(client, $"/workflow-definitions/{v1["definitionId"]}/revert/1", null);
        var latest = await GetAsync(client, $"/workflow-definitions/by-definition-id/{v1["definitionId"]}?versionOptions=Latest");

        Shape(summary, SummaryShape);
        Assert.Equal(3, summary["version"]!.GetValue<int>());
        Assert.Equal("第一版", Text(latest["root"]!["activities"]![1]!["text"]!["expression"]!["value"]));
        Assert.False(latest["isPublished"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Delete_Definition_ThenGone_And404Afterwards()
    {
        var client = await app.ClientAsync("mishu1");
        var definition = await CreateAsync(client, "待删除");

        var deleted = await client.DeleteAsync($"{ApiRoot}/workflow-definitions/{definition["definitionId"]}");
        var again = await client.DeleteAsync($"{ApiRoot}/workflow-definitions/{definition["definitionId"]}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{ApiRoot}/workflow-definitions/by-definition-id/{definition["definitionId"]}")).StatusCode);
    }

    [Fact]
    public async Task DeleteVersion_Latest_PreviousBecomesLatest()
    {
        var client = await app.ClientAsync("mishu1");
        var v1 = await CreateAsync(client, "删除版本", publish: true);
        var v2 = (await PostAsync(client, "/workflow-definitions", Save(v1)))["workflowDefinition"]!;

        var deleted = await client.DeleteAsync($"{ApiRoot}/workflow-definition-versions/{v2["id"]}");
        var latest = await GetAsync(client, $"/workflow-definitions/by-definition-id/{v1["definitionId"]}?versionOptions=Latest");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(Text(v1["id"]), Text(latest["id"]));
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"{ApiRoot}/workflow-definition-versions/{v2["id"]}")).StatusCode);
    }

    [Fact]
    public async Task BulkDelete_ByDefinitionIdAndById_CountDeleted()
    {
        var client = await app.ClientAsync("mishu1");
        var a = await CreateAsync(client, "批量删甲");
        var b = await CreateAsync(client, "批量删乙");
        var c = await CreateAsync(client, "批量删丙");

        var byDefinition = await PostAsync(client, "/bulk-actions/delete/workflow-definitions/by-definition-id", new JsonObject { ["definitionIds"] = new JsonArray(Text(a["definitionId"]), Text(b["definitionId"]), "none") });
        var byId = await PostAsync(client, "/bulk-actions/delete/workflow-definitions/by-id", new JsonObject { ["ids"] = new JsonArray(Text(c["id"])) });

        Shape(byDefinition, "deleted:n");
        Assert.Equal(2, byDefinition["deleted"]!.GetValue<int>());
        Assert.Equal(1, byId["deleted"]!.GetValue<int>());
    }

    [Fact]
    public async Task BulkPublish_SortsIntoPublishedAlreadyAndNotFound()
    {
        var client = await app.ClientAsync("mishu1");
        var draft = await CreateAsync(client, "批量发布");

        var result = await PostAsync(client, "/bulk-actions/publish/workflow-definitions/by-definition-ids",
            new JsonObject { ["definitionIds"] = new JsonArray(Text(draft["definitionId"]), P2, "none") });

        Shape(result, "published:a alreadyPublished:a notFound:a updatedConsumers:a");
        Assert.Equal([Text(draft["definitionId"])], result["published"]!.AsArray().Select(Text));
        Assert.Equal([P2], result["alreadyPublished"]!.AsArray().Select(Text));
        Assert.Equal(["none"], result["notFound"]!.AsArray().Select(Text));
    }

    [Fact]
    public async Task BulkRetract_SortsIntoRetractedAlreadyAndNotFound()
    {
        var client = await app.ClientAsync("mishu1");
        var published = await CreateAsync(client, "批量撤销甲", publish: true);
        var draft = await CreateAsync(client, "批量撤销乙");

        var result = await PostAsync(client, "/bulk-actions/retract/workflow-definitions/by-definition-ids",
            new JsonObject { ["definitionIds"] = new JsonArray(Text(published["definitionId"]), Text(draft["definitionId"]), "none") });

        Shape(result, "retracted:a alreadyRetracted:a notFound:a");
        Assert.Equal([Text(published["definitionId"])], result["retracted"]!.AsArray().Select(Text));
        Assert.Equal([Text(draft["definitionId"])], result["alreadyRetracted"]!.AsArray().Select(Text));
        Assert.Equal(["none"], result["notFound"]!.AsArray().Select(Text));
    }

    [Fact]
    public async Task Export_IsAJsonFileWithContentDisposition_AndImportsBack()
    {
        var client = await app.ClientAsync("mishu1");

        var response = await client.GetAsync($"{ApiRoot}/workflow-definitions/{P2}/export?versionOptions=1&includeConsumingWorkflows=False");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{P2}.json", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var file = Assert.IsType<JsonObject>(JsonNode.Parse(text));
        Assert.Equal(P2, Text(file["definitionId"]));
        Assert.False(file.ContainsKey("links"));
        Assert.Equal("Elsa.Flowchart", Text(file["root"]!["type"]));
    }

    [Fact]
    public async Task BulkExport_IsAZipOfDefinitionFiles()
    {
        var client = await app.ClientAsync("mishu1");
        var a = await CreateAsync(client, "打包导出甲");
        var b = await CreateAsync(client, "打包导出乙");

        var response = await client.PostAsync($"{ApiRoot}/bulk-actions/export/workflow-definitions", Json(new JsonObject { ["ids"] = new JsonArray(Text(a["id"]), Text(b["id"])), ["includeConsumingWorkflows"] = false }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        Assert.Equal(2, zip.Entries.Count);
        Assert.All(zip.Entries, e => Assert.EndsWith(".json", e.Name));
    }

    [Fact]
    public async Task Import_ModelWithForcedDefinitionId_SavesADraftOfThatDefinition()
    {
        var client = await app.ClientAsync("mishu1");
        var existing = await CreateAsync(client, "导入覆盖", publish: true);
        var model = Model("导入覆盖", [Wf.Act("start", "Elsa.Start"), Wf.WriteLine("imported", "导入的")], [Wf.Conn("start", "imported")], Text(existing["definitionId"]));

        var imported = await PostAsync(client, "/workflow-definitions/import", model);

        Editable(imported);
        Assert.Equal(Text(existing["definitionId"]), Text(imported["definitionId"]));
        Assert.Equal(2, imported["version"]!.GetValue<int>());
        Assert.Contains(imported["root"]!["activities"]!.AsArray(), a => Text(a!["id"]) == "imported");
    }

    [Fact]
    public async Task ImportFiles_JsonAndZipParts_CountEveryDefinition()
    {
        var client = await app.ClientAsync("mishu1");
        var one = Model("文件导入甲", [Wf.Act("start", "Elsa.Start")], [], "file-import-a");
        var two = Model("文件导入乙", [Wf.Act("start", "Elsa.Start")], [], "file-import-b");
        using var zipBuffer = new MemoryStream();
        using (var zip = new ZipArchive(zipBuffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = zip.CreateEntry("b.json").Open();
            await entry.WriteAsync(Encoding.UTF8.GetBytes(two.ToJsonString()));
        }
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(one.ToJsonString())), "files", "a.json" },
            { new ByteArrayContent(zipBuffer.ToArray()), "files", "more.zip" },
        };

        var result = await OkAsync(await client.PostAsync($"{ApiRoot}/workflow-definitions/import-files", form));

        Shape(result, "count:n");
        Assert.Equal(2, result["count"]!.GetValue<int>());
        await GetAsync(client, "/workflow-definitions/by-definition-id/file-import-b");
    }

    [Fact]
    public async Task Consumers_ListsParentsThatStartTheDefinition_AndUpdateReferencesHasNothingToDo()
    {
        var client = await app.ClientAsync("mishu1");
        var child = await CreateAsync(client, "子流程");
        var parentModel = Model("父流程", [Wf.Act("start", "Elsa.Start"), Wf.Act("run", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", Wf.Lit(Text(child["definitionId"]))))], [Wf.Conn("start", "run")]);
        var parent = (await PostAsync(client, "/workflow-definitions", Save(parentModel)))["workflowDefinition"]!;

        var consumers = await GetAsync(client, $"/workflow-definitions/{child["definitionId"]}/consumers");
        var update = await PostAsync(client, $"/workflow-definitions/{child["definitionId"]}/update-references", new JsonObject());

        Shape(consumers, "consumingWorkflowDefinitionIds:a");
        Assert.Equal([Text(parent["definitionId"])], consumers["consumingWorkflowDefinitionIds"]!.AsArray().Select(Text));
        Shape(update, "affectedWorkflows:a");
        Assert.Empty(update["affectedWorkflows"]!.AsArray());
    }

    [Fact]
    public async Task JavaScriptTypeDefinitions_DeclareTheGlobalsAndTheDefinitionsVariables()
    {
        var client = await app.ClientAsync("mishu1");

        var response = await client.PostAsync($"{ApiRoot}/scripting/javascript/type-definitions/{P2}",
            Json(new JsonObject { ["workflowDefinitionId"] = P2, ["activityTypeName"] = "Elsa.RunJavaScript", ["propertyName"] = "Script" }));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("declare function getInput(name: string): any;", text);
        Assert.Contains("declare function getChairIsPartyMember(): boolean;", text);
        Assert.Contains("declare function setSecretary(value: string): void;", text);
        Assert.Contains("declare function getBranchName(): string;", text);
        Assert.Contains("NomineeNames: string;", text);
    }

    [Fact]
    public async Task Execute_Latest_AnswersInstanceIdHeader_AsStudiosRunButtonNeeds()
    {
        var client = await app.ClientAsync("mishu1");
        var draft = await CreateAsync(client, "运行按钮");

        var response = await client.PostAsync($"{ApiRoot}/workflow-definitions/{draft["definitionId"]}/execute",
            Json(JsonNode.Parse("""{"correlationId":null,"triggerActivityId":null,"versionOptions":"Latest","input":null}""")));

        var body = await OkAsync(response);
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("x-elsa-workflow-instance-id").Single()));
        Assert.Equal("Finished", Text(body["workflowState"]!["status"]));
    }

    [Fact]
    public async Task UnsupportedElsaRoute_Is501WithAClearMessage()
    {
        var client = await app.ClientAsync("mishu1");

        var response = await client.PostAsync($"{ApiRoot}/tests/activities", Json(new JsonObject()));

        Assert.Contains("tests/activities", (await ErrorsAsync(response, HttpStatusCode.NotImplemented))[0]);
    }
}
