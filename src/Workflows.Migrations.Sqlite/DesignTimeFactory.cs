using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Workflows.Association;
using Workflows.Runtime.Persistence;

namespace Workflows.Migrations.Sqlite;

/// <summary>
/// Lets <c>dotnet ef</c> build the service's context without starting the service: the same contributors as
/// the service composes (runtime + Association), on SQLite. It never opens the file for <c>migrations add</c>.
/// </summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<WorkflowsDbContext>
{
    public static string AssemblyName { get; } = typeof(DesignTimeFactory).Assembly.GetName().Name!;

    public WorkflowsDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<WorkflowsDbContext>().UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(AssemblyName)).Options,
        [new AssociationModelContributor()]);
}
