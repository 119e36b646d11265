using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Engine.Activities.Runtime;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Tasks;
using Workflows.Server.Tests.Support;
using Workflows.Testing;

namespace Workflows.Server.Tests.Http;

/// <summary>The service with the definitions of ElsaCorpus/http as its workflows folder, and a "double" task handler.</summary>
public sealed class HttpWorkflowsApp : WorkflowsApp
{
    public HttpWorkflowsApp() : base(RepoPaths.Combine("tests", "Workflows.Server.Tests", "ElsaCorpus", "http")) { }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<ITaskHandler, DoubleTaskHandler>());
    }

    public async Task<InstanceRecord> InstanceAsync(string id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Instances.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    public async Task<T> QueryAsync<T>(Func<WorkflowsDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>());
    }

    /// <summary>Polls until the instance reaches the status (the dispatcher runs queued work in the background).</summary>
    public async Task<InstanceRecord> WaitForAsync(string id, string subStatus, TimeSpan? timeout = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var instance = await InstanceAsync(id);
            if (instance.SubStatus == subStatus || waited.Elapsed > (timeout ?? TimeSpan.FromSeconds(30))) return instance;
            await Task.Delay(100);
        }
    }

    /// <summary>Doubles payload.value; a real in-process handler registered as the service would register one.</summary>
    private sealed class DoubleTaskHandler : ITaskHandler
    {
        public string TaskName => "double";

        public Task<TaskHandlerResult> HandleAsync(RunTaskRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(TaskHandlerResult.Done(new JsonObject { ["value"] = (request.Payload?["value"]?.GetValue<int>() ?? 0) * 2, ["taskId"] = request.TaskId }));
    }
}

/// <summary>A real Kestrel server on a free loopback port, as the far end of SendHttpRequest and DownloadHttpFile.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public string Url(string path) => BaseUrl + path;

    public static async Task<LoopbackServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/ok", () => Results.Json(new { value = "pong" }));
        app.MapGet("/missing", () => Results.NotFound());
        app.MapGet("/teapot", () => Results.StatusCode(418));
        app.MapGet("/slow", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            return Results.Ok();
        });
        app.MapGet("/report.txt", () => Results.File("年度报告：一切正常"u8.ToArray(), "text/plain; charset=utf-8", "annual.txt"));
        await app.StartAsync();
        return new LoopbackServer(app, app.Urls.First().TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
