using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Persistence;
using Workflows.Server.Tests.Support;
using Workflows.Testing;
using static Workflows.Server.Tests.Elsa.Support.Wire;

namespace Workflows.Server.Tests.Alterations;

/// <summary>The service with a quick retry strategy configured (Resilience:Strategies).</summary>
public sealed class ResilienceApp : WorkflowsApp
{
    public ResilienceApp()
    {
        Settings["Resilience:Strategies:0:Id"] = "quick";
        Settings["Resilience:Strategies:0:DisplayName"] = "快速重试";
        Settings["Resilience:Strategies:0:MaxRetryAttempts"] = "3";
        Settings["Resilience:Strategies:0:Delay"] = "00:00:00.050";
        Settings["Resilience:Strategies:0:BackoffType"] = "Exponential";
    }
}

/// <summary>
/// Resilience strategies on outgoing calls: the activity names a strategy in customProperties.resilienceStrategy
/// (elsa-core src/modules/Elsa.Resilience.Core/Models/ResilienceStrategyConfig.cs), whose retry options are those of
/// src/modules/Elsa.Http/Resilience/HttpResilienceStrategy.cs (transient: no connection, timeout, 408, 429, 5xx).
/// </summary>
public sealed class ResilienceTests(ResilienceApp app) : IClassFixture<ResilienceApp>
{
    [Fact]
    public async Task SendHttpRequest_ServerFailsTwiceThenSucceeds_ThreeAttemptsThenSuccess()
    {
        var calls = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var far = builder.Build();
        far.MapGet("/flaky", () => Interlocked.Increment(ref calls) <= 2 ? Results.StatusCode(503) : Results.Json(new { value = "ok" }));
        await far.StartAsync();
        var url = far.Urls.First().TrimEnd('/') + "/flaky";

        var client = await app.ClientAsync("mishu1");
        var call = Wf.Act("call", "Elsa.SendHttpRequest", ("url", Wf.Lit(url, "System.Uri")), ("method", Wf.Lit("GET")));
        call["customProperties"] = new JsonObject { ["resilienceStrategy"] = new JsonObject { ["mode"] = "Identifier", ["strategyId"] = "quick", ["expression"] = null } };
        var model = Model("重试策略", [Wf.Act("start", "Elsa.Start"), call, Wf.WriteLine("after", "完成")], [Wf.Conn("start", "call"), Wf.Conn("call", "after")]);
        var definition = (await PostAsync(client, "/workflow-definitions", Save(model, publish: true)))["workflowDefinition"]!;
        var response = await client.PostAsync($"{ApiRoot}/workflow-definitions/{definition["definitionId"]}/execute", Json(new JsonObject()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var instanceId = response.Headers.GetValues("x-elsa-workflow-instance-id").Single();

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        Assert.Equal("Finished", (await db.Instances.AsNoTracking().SingleAsync(i => i.Id == instanceId)).SubStatus);
        Assert.Equal(3, calls);
        var journal = await db.Journal.AsNoTracking().Where(j => j.InstanceId == instanceId && j.ActivityId == "call").OrderBy(j => j.Sequence).ToListAsync();
        Assert.Equal(["Started", "RetryAttempt", "RetryAttempt", "Completed"], journal.Select(j => j.EventName));
        Assert.Contains("HTTP 503", journal[1].Message);
        Assert.EndsWith(": 200", journal[3].Message); // the last attempt's answer stands

        // Studio's Resilience tab reads the strategies and, in the instance viewer, the retries of an execution.
        var strategies = await GetAsync(client, "/resilience/strategies?category=HTTP");
        Assert.Contains(strategies["items"]!.AsArray(), s => Text(s!["id"]) == "quick" && s["maxRetryAttempts"]!.GetValue<int>() == 3);
        var retries = await GetAsync(client, $"/resilience/retries/{journal[0].ActivityExecutionId}");
        Assert.Equal(2, retries["totalCount"]!.GetValue<long>());
        var stranger = await app.ClientAsync("huiyuan1");
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"{ApiRoot}/resilience/retries/{journal[0].ActivityExecutionId}")).StatusCode);
    }
}
