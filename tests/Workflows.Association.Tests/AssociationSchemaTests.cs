using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Hosting;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Persistence.Migrations;
using Workflows.Testing;

namespace Workflows.Association.Tests;

public class AssociationSchemaTests
{
    [Fact]
    public async Task Migrations_RuntimeAndAssociation_ProduceExactlyTheCombinedModel()
    {
        using var folder = new TempFolder("assoc-schema");
        var migrated = folder.File("migrated.db");
        var fromModel = folder.File("model.db");

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:ConnectionString"] = $"Data Source={migrated}" }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddWorkflowRuntime(configuration, folder.Path);
        services.AddAssociation();
        await using (var provider = services.BuildServiceProvider())
        await using (var scope = provider.CreateAsyncScope())
        {
            var applied = await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync();
            Assert.Contains("20261122_0040_association_initial", applied);
            Assert.Contains("20261122_0041_process_records", applied);

            var contributors = scope.ServiceProvider.GetServices<IModelContributor>();
            var options = new DbContextOptionsBuilder<WorkflowsDbContext>().UseSqlite($"Data Source={fromModel}").Options;
            await using var db = new WorkflowsDbContext(options, contributors);
            await db.Database.EnsureCreatedAsync();
        }
        SqliteConnection.ClearAllPools();

        var expected = SqliteSchema.Describe(fromModel);
        Assert.Contains(expected, l => l.StartsWith("table assoc_branches", StringComparison.Ordinal));
        Assert.Equal(expected, SqliteSchema.Describe(migrated));
    }
}
