using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workflows.Engine.Model;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Hosting;
using Workflows.Runtime.Mail.Outbox;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Scheduling;
using Workflows.Testing;

namespace Workflows.Runtime.Tests.Support;

/// <summary>
/// The runtime as the service runs it, without the web host: a real generic host with every background service
/// (start-up, dispatcher, timers, the Hangfire server on its own SQLite file, the outbox sender) on a real SQLite
/// file, the repository's roles and demo users, and the system clock (Hangfire fires on real time). Stop it and
/// start another on the same file to restart the service.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private ServiceHost(IHost host, string databaseFile)
    {
        _host = host;
        DatabaseFile = databaseFile;
    }

    public IServiceProvider Services => _host.Services;
    public string DatabaseFile { get; }

    /// <summary>Settings every test host uses: fast polling, demo users, mail links. Tests override or add.</summary>
    public static Dictionary<string, string?> Defaults(string databaseFile) => new()
    {
        ["Database:ConnectionString"] = $"Data Source={databaseFile}",
        ["Seed:Folder"] = RepoPaths.Combine("seeds"),
        ["Seed:DemoData"] = "true",
        // Hashing 23 demo passwords at the production cost takes seconds.
        ["PasswordHasher:IterationCount"] = "1000",
        ["Runtime:CommandPollInterval"] = "00:00:00.100",
        ["Runtime:TimerPollInterval"] = "00:00:00.200",
        ["Mail:PublicBaseUrl"] = "https://workflow.example.org/",
        ["Smtp:Enabled"] = "false",
        ["Smtp:FromAddress"] = "noreply@workflows.local",
        ["Smtp:FromDisplayName"] = "协会流程服务",
        ["Smtp:EnableStartTls"] = "false",
        ["Smtp:TimeoutSeconds"] = "10",
        ["Outbox:PollInterval"] = "00:00:00.200",
        ["Outbox:RetryBaseDelay"] = "00:00:01",
        ["Outbox:RetryMaxDelay"] = "00:00:02",
        ["Scheduling:PollInterval"] = "00:00:00.250",
    };

    public static async Task<ServiceHost> StartAsync(string databaseFile, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Development",
            ContentRootPath = Path.GetDirectoryName(databaseFile)!,
            DisableDefaults = true,
        });
        var values = Defaults(databaseFile);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.AddFilter(level => level >= LogLevel.Warning);
        builder.Services.AddWorkflowRuntime(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddWorkflowOutbox(builder.Configuration);
        builder.Services.AddWorkflowScheduling(builder.Configuration, builder.Environment.ContentRootPath);
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        var service = new ServiceHost(host, databaseFile);
        await host.Services.GetRequiredService<StartupGate>().WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        if (values.GetValueOrDefault("Scheduling:Enabled") != "false")
            await host.Services.GetRequiredService<SchedulingService>().Ready.WaitAsync(TimeSpan.FromSeconds(60));
        return service;
    }

    /// <summary>A graceful stop, as when the service is shut down (Hangfire requeues unfinished firings).</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _host.StopAsync(TimeSpan.FromSeconds(60));
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public async Task<DefinitionRecord> PublishAsync(WorkflowDefinition definition)
    {
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<DefinitionStore>().SaveAsync(definition.Json, publish: true, "test", "test");
        Assert.True(result.Succeeded, string.Join("\n", result.Messages));
        return result.Record!;
    }

    public async Task<T> QueryAsync<T>(Func<WorkflowsDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>());
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<List<ScheduleRunRecord>> RunsAsync(string scheduleKey) =>
        QueryAsync(db => db.Set<ScheduleRunRecord>().AsNoTracking().Where(r => r.ScheduleKey == scheduleKey).OrderBy(r => r.FiredAt).ToListAsync());

    public Task<List<OutboxDeliveryRecord>> DeliveriesAsync(string outboxId) =>
        QueryAsync(db => db.Set<OutboxDeliveryRecord>().AsNoTracking().Where(d => d.OutboxId == outboxId).OrderBy(d => d.At).ToListAsync());

    /// <summary>Polls until <paramref name="condition"/> holds; the message says what was last seen.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (condition(value)) return value;
            if (waited.Elapsed > timeout) throw new TimeoutException($"Timed out after {timeout} waiting for {what}; last seen: {Describe(value)}");
            await Task.Delay(50);
        }
    }

    private static string Describe<T>(T value) => value switch
    {
        System.Collections.ICollection c => $"{c.Count} item(s)",
        _ => value?.ToString() ?? "null",
    };

    public async ValueTask DisposeAsync() => await StopAsync();
}
