using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Workflows.Association;
using Workflows.Runtime.Persistence;

namespace Workflows.Migrations.PostgreSql;

/// <summary>
/// Lets <c>dotnet ef</c> build the service's context without starting the service: the same contributors as
/// the service composes (runtime + Association), on PostgreSQL. <c>migrations add</c> connects to no server.
/// </summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<WorkflowsDbContext>
{
    public static string AssemblyName { get; } = typeof(DesignTimeFactory).Assembly.GetName().Name!;

    public WorkflowsDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<WorkflowsDbContext>().UseNpgsql("Host=localhost;Database=workflows_design_time", o => o.MigrationsAssembly(AssemblyName)).Options,
        [new AssociationModelContributor()]);
}
