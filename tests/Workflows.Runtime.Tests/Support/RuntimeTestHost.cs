using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Engine.Model;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Hosting;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Persistence.Migrations;
using Workflows.Testing;

namespace Workflows.Runtime.Tests.Support;

/// <summary>
/// The real runtime on a real SQLite file, without the web host. Background loops are not started; tests drive
/// the dispatcher and the timer service explicitly so that every step is observable.
/// </summary>
public sealed class RuntimeTestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);

    private readonly TempFolder? _folder;

    private RuntimeTestHost(ServiceProvider services, ManualTimeProvider clock, string databaseFile, TempFolder? folder)
    {
        Services = services;
        Clock = clock;
        DatabaseFile = databaseFile;
        _folder = folder;
    }

    public ServiceProvider Services { get; }
    public ManualTimeProvider Clock { get; }
    public string DatabaseFile { get; }
    public WorkflowRuntime Runtime => Services.GetRequiredService<WorkflowRuntime>();
    public CommandDispatcher Dispatcher => Services.GetRequiredService<CommandDispatcher>();
    public TimerService Timers => Services.GetRequiredService<TimerService>();

    /// <summary>Opens (and migrates) the database file; pass the same file again to simulate a restart.</summary>
    public static async Task<RuntimeTestHost> StartAsync(string? databaseFile = null, ManualTimeProvider? clock = null, Action<IServiceCollection>? configure = null)
    {
        var folder = databaseFile is null ? new TempFolder("runtime") : null;
        databaseFile ??= folder!.File("workflows.db");
        clock ??= new ManualTimeProvider(Epoch);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={databaseFile}",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddWorkflowRuntime(configuration, Path.GetDirectoryName(databaseFile)!);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await using (var scope = provider.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync();
        provider.GetRequiredService<StartupGate>().Open();
        return new RuntimeTestHost(provider, clock, databaseFile, folder);
    }

    public async Task<DefinitionRecord> PublishAsync(WorkflowDefinition definition)
    {
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<DefinitionStore>().SaveAsync(definition.Json, publish: true, "test", "test");
        Assert.True(result.Succeeded, string.Join("\n", result.Messages));
        return result.Record!;
    }

    /// <summary>Runs the dispatcher until no command is due (children, parents, events, timers).</summary>
    public async Task<int> DrainAsync()
    {
        var total = 0;
        for (var round = 0; round < 50; round++)
        {
            var processed = await Dispatcher.RunOnceAsync(CancellationToken.None);
            if (processed == 0) return total;
            total += processed;
        }
        throw new InvalidOperationException("The command queue did not drain in 50 rounds.");
    }

    public async Task<T> QueryAsync<T>(Func<WorkflowsDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>());
    }

    public Task<List<TaskRecord>> OpenTasksAsync(string instanceId) =>
        QueryAsync(db => db.Tasks.AsNoTracking().Where(t => t.InstanceId == instanceId && t.Status == TaskStatuses.Open).OrderBy(t => t.CreatedAt).ToListAsync());

    public Task<InstanceRecord> InstanceAsync(string instanceId) =>
        QueryAsync(db => db.Instances.AsNoTracking().FirstAsync(i => i.Id == instanceId));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder?.Dispose();
    }
}
