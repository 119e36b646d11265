using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Persistence;

namespace Workflows.Association.Tests;

/// <summary>A throw-away context: the Association's model is meant to be hosted in someone else's DbContext.</summary>
internal sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => AssociationModel.Configure(modelBuilder);
}

/// <summary>A real SQLite file in the temp folder, deleted on dispose.</summary>
internal sealed class SqliteTestDatabase : IDisposable
{
    public SqliteTestDatabase()
    {
        FilePath = Path.Combine(Path.GetTempPath(), $"assoc-tests-{Guid.NewGuid():N}.db");
        using var db = CreateContext();
        db.Database.EnsureCreated();
    }

    public string FilePath { get; }

    public TestDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<TestDbContext>().UseSqlite($"Data Source={FilePath}").Options);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(FilePath);
    }
}
