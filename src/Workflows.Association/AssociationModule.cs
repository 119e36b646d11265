using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Association.Persistence;
using Workflows.Association.Rules;
using Workflows.Association.Seeding;
using Workflows.Runtime.Hosting;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Persistence.Migrations;

namespace Workflows.Association;

/// <summary>Registers the Association's domain: its tables in the shared context, its schema step, its seeding and rules.</summary>
public static class AssociationModule
{
    public static IServiceCollection AddAssociation(this IServiceCollection services)
    {
        services.AddSingleton<IModelContributor, AssociationModelContributor>();
        services.AddSingleton<ISchemaMigration, M20261122_0040_AssociationInitial>();
        services.AddSingleton<IStartupTask, AssociationSeedTask>();
        services.AddSingleton(sp =>
        {
            var folder = sp.GetRequiredService<IOptions<SeedOptions>>().Value.Folder;
            return folder is null ? RuleThresholds.Default : RuleThresholds.LoadOrDefault(Path.Combine(folder, "rule-thresholds.json"));
        });
        return services;
    }
}

internal sealed class AssociationModelContributor : IModelContributor
{
    public string Name => "association";

    public void Configure(ModelBuilder modelBuilder) => AssociationModel.Configure(modelBuilder);
}

/// <summary>Reference data (districts, roles) on every start; demo branches, units, people and experts when asked.</summary>
internal sealed class AssociationSeedTask(IOptions<SeedOptions> seedOptions, ILoggerFactory loggers) : IStartupTask
{
    public int Order => 100;

    public async Task RunAsync(IServiceProvider services, bool includeDemoData, CancellationToken cancellationToken)
    {
        var folder = seedOptions.Value.Folder;
        if (folder is null || !Directory.Exists(folder)) return;
        var db = services.GetRequiredService<WorkflowsDbContext>();
        var report = await new AssociationSeeder(db, folder, loggers.CreateLogger<AssociationSeeder>()).SeedAsync(includeDemoData, cancellationToken);
        db.ChangeTracker.Clear();
        loggers.CreateLogger<AssociationSeedTask>().LogInformation("Association seed data: {Inserted} inserted, {Updated} updated", report.Inserted, report.Updated);
    }
}
