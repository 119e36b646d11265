using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Workflows.Server.Tests.Support;
using Workflows.Testing;
using static Workflows.Server.Tests.Elsa.Support.Wire;

namespace Workflows.Server.Tests.Elsa;

/// <summary>Instances, journal and activity executions as the instance list and viewer read them (elsa-studio-api.md §4.3).</summary>
public sealed class InstanceContractTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private const string SummaryShape = "id:s definitionId:s definitionVersionId:s version:n status:s subStatus:s correlationId:s? name:s? incidentCount:n createdAt:d updatedAt:d finishedAt:d?";

    private const string RecordSummaryShape = "id:s workflowInstanceId:s activityId:s activityNodeId:s activityType:s activityTypeVersion:n activityName:s? startedAt:d hasBookmarks:b status:s completedAt:d? metadata:o";

    private const string RecordShape = RecordSummaryShape + " activityState:o payload:o outputs:o properties:o exception:o? aggregateFaultCount:n schedulingActivityExecutionId:s? schedulingActivityId:s? schedulingWorkflowInstanceId:s? callStackDepth:n";

    /// <summary>Start → Write → Task (waits), so an instance has finished activities and a waiting one.</summary>
    private static async Task<(string DefinitionId, string InstanceId)> StartWaitingAsync(HttpClient client, string name)
    {
        var model = Model(name,
            [Wf.Act("start", "Elsa.Start"), Wf.WriteLine("write", "写一行"), Wf.HumanTask("task", "审核", "secretariat", "Approve", "Reject")],
            [Wf.Conn("start", "write"), Wf.Conn("write", "task")],
            variables: Wf.Var("Counter", "Int32", "3"));
        var definition = (await PostAsync(client, "/workflow-definitions", Save(model, publish: true)))["workflowDefinition"]!;
        var response = await client.PostAsync($"{ApiRoot}/workflow-definitions/{definition["definitionId"]}/execute", Json(new JsonObject()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (Text(definition["definitionId"]), response.Headers.GetValues("x-elsa-workflow-instance-id").Single());
    }

    private static async Task<string> StartFinishedAsync(HttpClient client, string name)
    {
        var definition = await CreateAsync(client, name, publish: true);
        var response = await client.PostAsync($"{ApiRoot}/workflow-definitions/{definition["definitionId"]}/execute", Json(new JsonObject()));
        return response.Headers.GetValues("x-elsa-workflow-instance-id").Single();
    }

    [Fact]
    public async Task List_WithStudiosRequest_IsPagedSummaries()
    {
        var client = await app.ClientAsync("mishu1");
        var (definitionId, instanceId) = await StartWaitingAsync(client, "实例列表");
        var request = JsonNode.Parse($$"""
            {"page":0,"pageSize":15,"searchTerm":null,"definitionId":null,"definitionIds":["{{definitionId}}"],"correlationId":null,"version":null,"hasIncidents":null,
             "isSystem":false,"status":null,"statuses":["Running"],"subStatus":null,"subStatuses":[],"orderBy":"Created","orderDirection":"Descending",
             "timestampFilters":[{"column":"CreatedAt","operator":"GreaterThanOrEqual","timestamp":"2000-01-01T00:00:00+00:00"}]}
            """);

        var page = await PostAsync(client, "/workflow-instances", request);

        Shape(page, "items:a totalCount:n");
        var item = Assert.Single(page["items"]!.AsArray());
        Shape(item, SummaryShape, "instance summary");
        Assert.Equal(instanceId, Text(item!["id"]));
        Assert.Equal("Suspended", Text(item["subStatus"]));
    }

    [Fact]
    public async Task List_FiltersBySubStatusAndRejectsBadPaging()
    {
        var client = await app.ClientAsync("mishu1");
        var finished = await StartFinishedAsync(client, "已完成实例");

        var page = await PostAsync(client, "/workflow-instances", new JsonObject { ["subStatuses"] = new JsonArray("Finished"), ["pageSize"] = 100 });
        var bad = await client.PostAsync($"{ApiRoot}/workflow-instances", Json(new JsonObject { ["pageSize"] = 0 }));

        Assert.Contains(page["items"]!.AsArray(), i => Text(i!["id"]) == finished);
        Assert.All(page["items"]!.AsArray(), i => Assert.Equal("Finished", Text(i!["subStatus"])));
        await ErrorsAsync(bad);
    }

    [Fact]
    public async Task Get_InstanceWithWorkflowState()
    {
        var client = await app.ClientAsync("mishu1");
        var (_, instanceId) = await StartWaitingAsync(client, "读取实例");

        var instance = await GetAsync(client, $"/workflow-instances/{instanceId}");

        Shape(instance, SummaryShape + " workflowState:o");
        Shape(instance["workflowState"], "id:s definitionId:s definitionVersion:n status:s subStatus:s bookmarks:a incidents:a completionCallbacks:a activityExecutionContexts:a input:o output:o properties:o createdAt:d updatedAt:d");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{ApiRoot}/workflow-instances/nope")).StatusCode);
    }

    [Fact]
    public async Task Journal_PostWithStudiosFilter_ExcludesContainers_InSequence()
    {
        var client = await app.ClientAsync("mishu1");
        var (_, instanceId) = await StartWaitingAsync(client, "日志筛选");
        var filter = JsonNode.Parse("""{"filter":{"activityIds":null,"activityNodeIds":null,"excludedActivityTypes":["Elsa.Workflow","Elsa.Flowchart"],"eventNames":null}}""");

        var journal = await PostAsync(client, $"/workflow-instances/{instanceId}/journal?skip=0&take=50", filter);

        Shape(journal, "items:a totalCount:n");
        var items = journal["items"]!.AsArray().OfType<JsonObject>().ToList();
        foreach (var item in items)
            Shape(item, "id:s activityInstanceId:s parentActivityInstanceId:s? activityId:s activityType:s activityTypeVersion:n activityName:s? nodeId:s timestamp:d sequence:n eventName:s? message:s? source:s? activityState:o? payload:*?", "journal record");
        Assert.DoesNotContain(items, i => Text(i["activityType"]) == "Elsa.Flowchart");
        Assert.Equal(items.Select(i => i["sequence"]!.GetValue<long>()).Order(), items.Select(i => i["sequence"]!.GetValue<long>()));
        Assert.Equal(["start:Started", "start:Completed", "write:Started", "write:Completed", "task:Started", "task:Suspended"],
            items.Select(i => $"{i["activityId"]}:{i["eventName"]}"));
        Assert.Equal("写一行", Text(items[3]["message"]));
    }

    [Fact]
    public async Task Journal_GetWithSkipTake_Pages()
    {
        var client = await app.ClientAsync("mishu1");
        var (_, instanceId) = await StartWaitingAsync(client, "日志分页");

        var page = await GetAsync(client, $"/workflow-instances/{instanceId}/journal?skip=1&take=2");

        Assert.Equal(2, page["items"]!.AsArray().Count);
        Assert.Equal(7, page["totalCount"]!.GetValue<int>());
        Assert.Equal(2, page["items"]![0]!["sequence"]!.GetValue<int>());
    }

    [Fact]
    public async Task Variables_ListDeclaredVariablesWithTheirValues()
    {
        var client = await app.ClientAsync("mishu1");
        var (_, instanceId) = await StartWaitingAsync(client, "变量");

        var list = await GetAsync(client, $"/workflow-instances/{instanceId}/variables");

        Shape(list, "items:a count:n");
        var counter = Assert.Single(list["items"]!.AsArray());
        Shape(counter, "id:s name:s value:*?");
        Assert.Equal("CounterId", Text(counter!["id"]));
        Assert.Equal(3, counter["value"]!.GetValue<int>());
    }

    [Fact]
    public async Task ExecutionState_StatusSubStatusUpdatedAt()
    {
        var client = await app.ClientAsync("mishu1");
        var (_, instanceId) = await StartWaitingAsync(client, "执行状态");

        var state = await GetAsync(client, $"/workflow-instances/{instanceId}/execution-state");

        Shape(state, "status:s workflowSubStatus:s updatedAt:d");
        Assert.Equal("Running", Text(state["status"]));
        Assert.Equal("Suspended", Text(state["workflowSubStatus"]));
    }

    [Fact]
    public async Task ActivityExecutionReport_BadgesPerNode()
    {
        var client = await app.ClientAsync("mishu1");
        var (_, instanceId) = await StartWaitingAsync(client, "节点统计");

        var report = await PostAsync(client, "/activity-executions/report",
            new JsonObject { ["workflowInstanceId"] = instanceId, ["activityNodeIds"] = new JsonArray("Workflow1:flow1:write", "Workflow1:flow1:task") });

        Shape(report, "stats:a");
        var stats = report["stats"]!.AsArray().OfType<JsonObject>().ToDictionary(s => Text(s["activityNodeId"]));
        Assert.Equal(2, stats.Count);
        foreach (var s in stats.Values) Shape(s, "activityId:s activityNodeId:s startedCount:n completedCount:n uncompletedCount:n isBlocked:b isFaulted:b metadata:o?");
        Assert.Equal(1, stats["Workflow1:flow1:write"]["completedCount"]!.GetValue<int>());
        Assert.True(stats["Workflow1:flow1:task"]["isBlocked"]!.GetValue<bool>());
        Assert.Equal(1, stats["Workflow1:flow1:task"]["uncompletedCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task ActivityExecutions_ListSummariesByIdAndCallStack()
    {
        var client = await app.ClientAsync("mishu1");
        var (_, instanceId) = await StartWaitingAsync(client, "执行记录");
        var query = $"WorkflowInstanceId={instanceId}&ActivityNodeId=Workflow1%3Aflow1%3Awrite";

        var list = await GetAsync(client, $"/activity-executions/list?{query}");
        var summaries = await GetAsync(client, $"/activity-execution-summaries/list?{query}");
        var record = Assert.Single(list["items"]!.AsArray())!.AsObject();
        var byId = await GetAsync(client, $"/activity-executions/by-id?id={Uri.EscapeDataString(Text(record["id"]))}");
        var stack = await GetAsync(client, $"/activity-executions/{Uri.EscapeDataString(Text(record["id"]))}/call-stack");

        Shape(record, RecordShape, "activity execution");
        Assert.Equal("Completed", Text(record["status"]));
        Assert.Equal("写一行", Text(record["activityState"]!["Text"] ?? record["activityState"]!["text"]));
        Shape(Assert.Single(summaries["items"]!.AsArray()), RecordSummaryShape, "summary");
        Assert.Equal(Text(record["id"]), Text(byId["id"]));
        Shape(stack, "activityExecutionId:s items:a totalCount:n");
        Assert.Equal(["Elsa.Flowchart", "Elsa.WriteLine"], stack["items"]!.AsArray().Select(i => Text(i!["activityType"])));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{ApiRoot}/activity-executions/by-id?id=nope")).StatusCode);
    }

    [Fact]
    public async Task Cancel_Running_ThenFinishedIs400()
    {
        var client = await app.ClientAsync("mishu1");
        var (_, instanceId) = await StartWaitingAsync(client, "取消实例");

        var cancelled = await PostAsync(client, $"/cancel/workflow-instances/{instanceId}", null);
        var again = await client.PostAsync($"{ApiRoot}/cancel/workflow-instances/{instanceId}", null);

        Assert.Equal(1, cancelled["cancelled"]!.GetValue<int>());
        Assert.Equal("Cancelled", Text((await GetAsync(client, $"/workflow-instances/{instanceId}/execution-state"))["workflowSubStatus"]));
        await ErrorsAsync(again);
    }

    [Fact]
    public async Task BulkCancel_ByDefinition_CancelsItsRunningInstances()
    {
        var client = await app.ClientAsync("mishu1");
        var (definitionId, first) = await StartWaitingAsync(client, "批量取消");
        var second = (await client.PostAsync($"{ApiRoot}/workflow-definitions/{definitionId}/execute", Json(new JsonObject()))).Headers.GetValues("x-elsa-workflow-instance-id").Single();

        var result = await PostAsync(client, "/bulk-actions/cancel/workflow-instances", new JsonObject { ["definitionId"] = definitionId });

        Assert.Equal(2, result["cancelled"]!.GetValue<int>());
        foreach (var id in new[] { first, second })
            Assert.Equal("Cancelled", Text((await GetAsync(client, $"/workflow-instances/{id}"))["subStatus"]));
    }

    [Fact]
    public async Task Delete_FinishedInstanceGoes_RunningIsRefused()
    {
        var client = await app.ClientAsync("mishu1");
        var finished = await StartFinishedAsync(client, "删除实例");
        var (_, running) = await StartWaitingAsync(client, "删除运行中实例");

        var deleted = await client.DeleteAsync($"{ApiRoot}/workflow-instances/{finished}");
        var refused = await client.DeleteAsync($"{ApiRoot}/workflow-instances/{running}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{ApiRoot}/workflow-instances/{finished}")).StatusCode);
        Assert.Empty((await GetAsync(client, $"/workflow-instances/{finished}/journal"))["items"]!.AsArray());
        Assert.Contains("请先取消", (await ErrorsAsync(refused))[0]);
        await GetAsync(client, $"/workflow-instances/{running}");
    }

    [Fact]
    public async Task BulkDelete_ById_CountsDeleted()
    {
        var client = await app.ClientAsync("mishu1");
        var a = await StartFinishedAsync(client, "批量删除实例甲");
        var b = await StartFinishedAsync(client, "批量删除实例乙");

        var result = await PostAsync(client, "/bulk-actions/delete/workflow-instances/by-id", new JsonObject { ["ids"] = new JsonArray(a, b) });

        Assert.Equal(2, result["deletedCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Export_OneAsJson_SeveralAsZip()
    {
        var client = await app.ClientAsync("mishu1");
        var a = await StartFinishedAsync(client, "导出实例甲");
        var b = await StartFinishedAsync(client, "导出实例乙");

        var one = await client.GetAsync($"{ApiRoot}/workflow-instances/{a}/export");
        var many = await client.PostAsync($"{ApiRoot}/bulk-actions/export/workflow-instances", Json(new JsonObject { ["ids"] = new JsonArray(a, b) }));

        var file = await OkAsync(one);
        Shape(file, SummaryShape + " workflowState:o journal:a");
        Assert.Equal("application/zip", many.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await many.Content.ReadAsStreamAsync());
        Assert.Equal(2, zip.Entries.Count);
    }

    [Fact]
    public async Task ImportInstances_IsNotOffered()
    {
        var client = await app.ClientAsync("mishu1");

        var response = await client.PostAsync($"{ApiRoot}/bulk-actions/import/workflow-instances", new MultipartFormDataContent());

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }
}
