using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Workflows.Runtime.Alterations;

public sealed class AlterationOptions
{
    /// <summary>How often the worker looks for plans when nothing woke it (another node may have submitted one).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Jobs read at once; the pause flag is checked between every two.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>false keeps this node from running plans (they wait for a node that does).</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// Runs submitted plans in the background, as elsa-core's BackgroundAlterationJobDispatcher does
/// (src/modules/Elsa.Alterations/Services/BackgroundAlterationJobDispatcher.cs), but from the database: a plan is
/// carried on after a restart from its first job not yet done.
/// </summary>
public sealed class AlterationWorker(AlterationService service, AlterationSignal signal, AlterationOptions options, TimeProvider clock, ILogger<AlterationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await service.StepAsync(options.BatchSize, stoppingToken)) { }
                await signal.WaitAsync(options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Alteration plan step failed; retrying after {Delay}", options.PollInterval);
                await Task.Delay(options.PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}

public static class AlterationSetup
{
    public static IServiceCollection AddAlterations(this IServiceCollection services, Action<AlterationOptions>? configure = null)
    {
        var options = new AlterationOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.AddSingleton<AlterationSignal>();
        services.AddSingleton<AlterationService>();
        services.AddHostedService<AlterationWorker>();
        return services;
    }
}
