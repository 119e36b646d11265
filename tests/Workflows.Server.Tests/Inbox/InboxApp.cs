using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;
using Workflows.Server.Tests.Support;
using Workflows.Testing;

namespace Workflows.Server.Tests.Inbox;

/// <summary>The service in the test host with the inbox test definitions (<see cref="InboxWorkflows"/>) and a clock the test moves.</summary>
public class InboxApp : WorkflowsApp
{
    public InboxApp() : base(InboxWorkflows.Folder)
    {
        // Real "now" to start with: tokens are checked against the wall clock, so a client signed in before the test
        // moves this clock forward stays valid.
        Clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
    }

    public ManualTimeProvider Time => Clock!;

    private readonly Dictionary<string, HttpClient> _clients = [];

    private readonly SemaphoreSlim _signIn = new(1, 1);

    /// <summary>
    /// A signed-in client for the user. Every demo user signs in on the first call, before any test moves the clock:
    /// a token issued at a moved clock would not be valid yet by the wall clock the bearer handler checks.
    /// </summary>
    public async Task<HttpClient> As(string userName)
    {
        await _signIn.WaitAsync();
        try
        {
            if (_clients.Count == 0)
            {
                var users = JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("seeds", "demo-users.json")))!.AsArray();
                foreach (var name in users.Select(u => u!["userName"]!.GetValue<string>()))
                    _clients[name] = await ClientAsync(name);
            }
            return _clients[userName];
        }
        finally
        {
            _signIn.Release();
        }
    }

    public async Task<string> StartAsync(string definitionId, string userName = "huiyuan1", object? input = null)
    {
        var client = await As(userName);
        using var response = await client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/execute", new { input = input ?? new { } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("x-elsa-workflow-instance-id").Single();
    }

    public async Task<T> QueryAsync<T>(Func<WorkflowsDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>());
    }

    /// <summary>The open task of an activity in an instance.</summary>
    public async Task<TaskRecord> OpenTaskAsync(string instanceId, string activityId) =>
        await QueryAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.InstanceId == instanceId && t.ActivityId == activityId && t.Status == TaskStatuses.Open));

    public Task<TaskRecord> TaskAsync(string taskId) => QueryAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId));

    public Task<List<AuditRecord>> AuditAsync(string instanceId) =>
        QueryAsync(db => db.Audit().AsNoTracking().Where(a => a.InstanceId == instanceId).OrderBy(a => a.Id).ToListAsync());

    public Task<List<OutboxRecord>> OutboxAsync(string instanceId) =>
        QueryAsync(db => db.Outbox.AsNoTracking().Where(o => o.InstanceId == instanceId).OrderBy(o => o.CreatedAt).ToListAsync());

    public Task<List<SignerRecord>> SignersAsync(string taskId) =>
        QueryAsync(db => db.Signers().AsNoTracking().Where(s => s.TaskId == taskId).OrderBy(s => s.Sequence).ToListAsync());

    /// <summary>Starts inbox-review as huiyuan1 and submits the application, so the review task waits for the leadership group.</summary>
    public async Task<(string InstanceId, string ReviewTaskId)> StartReviewAsync(string topic = "2026 年学术年会")
    {
        var instanceId = await StartAsync(InboxWorkflows.Review);
        var apply = await OpenTaskAsync(instanceId, "apply");
        var applicant = await As("huiyuan1");
        using var response = await applicant.PostAsJsonAsync($"/api/tasks/{apply.Id}/complete", new { outcome = "Submit", formData = new { topic } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (instanceId, (await OpenTaskAsync(instanceId, "review")).Id);
    }

    public async Task<HttpResponseMessage> PostAsync(string userName, string path, object? body = null) =>
        await (await As(userName)).PostAsJsonAsync(path, body ?? new { });

    public async Task<JsonObject> ListAsync(string userName, string query = "")
    {
        var client = await As(userName);
        return (await client.GetFromJsonAsync<JsonObject>("/api/tasks" + query))!;
    }

    public async Task<List<string>> ToDoIdsAsync(string userName) =>
        (await ListAsync(userName, "?pageSize=200"))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();

    protected override void Dispose(bool disposing)
    {
        foreach (var client in _clients.Values) client.Dispose();
        base.Dispose(disposing);
    }
}

internal static class ResponseAssert
{
    public static async Task<JsonObject> Status(HttpStatusCode expected, HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
    }
}
