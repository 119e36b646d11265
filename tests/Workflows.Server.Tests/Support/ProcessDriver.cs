using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Hosting;
using Workflows.Runtime.Persistence;
using Workflows.Testing;

namespace Workflows.Server.Tests.Support;

/// <summary>The service with a clock the test moves (timers, deadlines, reminders); starts at the real time.</summary>
public sealed class ClockedWorkflowsApp : WorkflowsApp
{
    public ClockedWorkflowsApp()
    {
        Clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
    }

    public ManualTimeProvider ManualClock => Clock!;

    /// <summary>
    /// Signed-in clients of every demo user, made before any test moves the clock: tokens are issued with the
    /// service's (manual) time but checked against real time, so a token issued after the clock moved ahead
    /// would not be valid yet.
    /// </summary>
    internal Dictionary<string, HttpClient> Clients { get; } = new(StringComparer.Ordinal);

    internal async Task SignInEveryoneAsync()
    {
        if (Clients.Count > 0) return;
        var users = JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("seeds", "demo-users.json")))!.AsArray();
        foreach (var user in users.Select(u => u!["userName"]!.GetValue<string>()))
            Clients[user] = await ClientAsync(user);
    }
}

/// <summary>
/// Drives a process through the HTTP API the way people do: starts it as the applicant, completes each task as
/// the user who holds it, and reads the database for what happened (domain rows, tasks, queued mails). Clients
/// are signed in once per user and kept, so a test that moves the clock keeps valid tokens.
/// </summary>
public sealed class ProcessDriver(WorkflowsApp app)
{
    private readonly Dictionary<string, HttpClient> _clients = app is ClockedWorkflowsApp clocked ? clocked.Clients : new(StringComparer.Ordinal);

    private bool _ready;

    public WorkflowsApp App => app;

    public async Task<HttpClient> ClientAsync(string user)
    {
        if (app is ClockedWorkflowsApp clocked) await clocked.SignInEveryoneAsync();
        if (!_clients.TryGetValue(user, out var client))
            _clients[user] = client = await app.ClientAsync(user);
        return client;
    }

    /// <summary>Signs the users in now (before a test moves the clock: tokens are checked against real time).</summary>
    public async Task SignInAsync(params string[] users)
    {
        foreach (var user in users) await ClientAsync(user);
    }

    public async Task<string> StartAsync(string user, string definitionId, object input, string? triggerActivityId = null)
    {
        var client = await ClientAsync(user);
        using var response = await client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/execute", new { input, triggerActivityId });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"start {definitionId}: {(int)response.StatusCode} {body}");
        var instanceId = response.Headers.GetValues("x-elsa-workflow-instance-id").Single();
        await AssertNotFaultedAsync(instanceId);
        return instanceId;
    }

    /// <summary>The one open task of the instance whose activity is <paramref name="activityId"/>; waits for it briefly (children start in the background).</summary>
    public async Task<TaskRecord> TaskAsync(string instanceId, string activityId)
    {
        TaskRecord? found = null;
        await WaitUntilAsync(async db =>
        {
            found = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == instanceId && t.ActivityId == activityId && t.Status == TaskStatuses.Open).SingleOrDefaultAsync();
            return found is not null;
        }, $"open task {activityId} of {instanceId}", instanceId);
        return found!;
    }

    public async Task<List<TaskRecord>> OpenTasksAsync(string instanceId) =>
        await QueryAsync(db => db.Tasks.AsNoTracking().Where(t => t.InstanceId == instanceId && t.Status == TaskStatuses.Open).OrderBy(t => t.CreatedAt).ToListAsync());

    /// <summary>Completes the task of <paramref name="activityId"/> as <paramref name="user"/>; asserts 200.</summary>
    public async Task<TaskRecord> ActAsync(string instanceId, string activityId, string user, string outcome, object? formData = null, string? comment = null)
    {
        var task = await TaskAsync(instanceId, activityId);
        await CompleteAsync(task.Id, user, outcome, formData, comment);
        return task;
    }

    public async Task CompleteAsync(string taskId, string user, string outcome, object? formData = null, string? comment = null)
    {
        var client = await ClientAsync(user);
        using var response = await client.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { outcome, comment, formData });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{user} completing {taskId} with {outcome}: {(int)response.StatusCode} {body}");
        var instanceId = JsonNode.Parse(body)!["instanceId"]!.GetValue<string>();
        await AssertNotFaultedAsync(instanceId);
    }

    public async Task<InstanceRecord> InstanceAsync(string instanceId) =>
        await QueryAsync(db => db.Instances.AsNoTracking().SingleAsync(i => i.Id == instanceId));

    public async Task AssertNotFaultedAsync(string instanceId)
    {
        var instance = await InstanceAsync(instanceId);
        Assert.True(instance.SubStatus != "Faulted", $"instance {instanceId} faulted: {instance.StateJson}");
    }

    /// <summary>Waits until the instance has finished (background children, timers); returns it.</summary>
    public async Task<InstanceRecord> FinishedAsync(string instanceId)
    {
        await WaitUntilAsync(async db => await db.Instances.AnyAsync(i => i.Id == instanceId && i.Status == "Finished"), $"{instanceId} to finish", instanceId);
        var instance = await InstanceAsync(instanceId);
        Assert.Equal("Finished", instance.SubStatus);
        return instance;
    }

    /// <summary>The workflow output of a finished instance.</summary>
    public async Task<JsonObject> OutputAsync(string instanceId)
    {
        var instance = await InstanceAsync(instanceId);
        return JsonNode.Parse(instance.StateJson)!["output"]!.AsObject();
    }

    /// <summary>Mails queued by the instance: (template, recipients, model).</summary>
    public async Task<List<(string? Template, string[] To, JsonObject? Model, string? Subject)>> MailsAsync(string instanceId)
    {
        var rows = await QueryAsync(db => db.Outbox.AsNoTracking().Where(m => m.InstanceId == instanceId).OrderBy(m => m.CreatedAt).ToListAsync());
        return rows.Select(m => (m.Template, JsonNode.Parse(m.ToJson)!.AsArray().Select(n => n!.GetValue<string>()).ToArray(),
            m.ModelJson is null ? null : JsonNode.Parse(m.ModelJson)!.AsObject(), m.Subject)).ToList();
    }

    /// <summary>Moves the clock and fires what came due: due timers become commands, the dispatcher runs them.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        var clock = ((ClockedWorkflowsApp)app).ManualClock;
        clock.Advance(by);
        await RunDueWorkAsync();
    }

    public async Task RunDueWorkAsync()
    {
        var timers = app.Services.GetRequiredService<TimerService>();
        var dispatcher = app.Services.GetRequiredService<CommandDispatcher>();
        for (var round = 0; round < 10; round++)
        {
            var fired = await timers.FireDueAsync(CancellationToken.None);
            var ran = await dispatcher.RunOnceAsync(CancellationToken.None);
            if (fired == 0 && ran == 0)
            {
                // The hosted loops may hold a command in flight; let them finish.
                if (!await QueryAsync(db => db.Commands.AnyAsync())) return;
                await Task.Delay(50);
            }
        }
    }

    public async Task<T> QueryAsync<T>(Func<WorkflowsDbContext, Task<T>> query)
    {
        // The database is migrated and seeded at start-up; a test may look before it signs anyone in.
        if (!_ready)
        {
            await app.ClientAsync();
            _ready = true;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        return await query(db);
    }

    public async Task WaitUntilAsync(Func<WorkflowsDbContext, Task<bool>> condition, string what, string? instanceId = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await QueryAsync(condition)) return;
            if (instanceId is not null) await AssertNotFaultedAsync(instanceId);
            if (watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                var state = instanceId is null ? "" : (await InstanceAsync(instanceId)).StateJson;
                Assert.Fail($"Timed out waiting for {what}. {state}");
            }
            await Task.Delay(100);
        }
    }
}
