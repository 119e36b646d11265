using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Tests.Support;
using Workflows.Testing;

namespace Workflows.Runtime.Tests.Runtime;

public class SchemaTests
{
    [Fact]
    public async Task HandWrittenMigrations_ProduceExactlyTheModelSchema()
    {
        using var folder = new TempFolder();
        var migrated = folder.File("migrated.db");
        var fromModel = folder.File("model.db");
        await using (var host = await RuntimeTestHost.StartAsync(migrated)) { }

        var options = new DbContextOptionsBuilder<WorkflowsDbContext>().UseSqlite($"Data Source={fromModel}").Options;
        await using (var db = new WorkflowsDbContext(options, []))
            await db.Database.EnsureCreatedAsync();
        SqliteConnection.ClearAllPools();

        var expected = SqliteSchema.Describe(fromModel);
        var actual = SqliteSchema.Describe(migrated);
        Assert.True(expected.Count > 20);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Migrator_RunTwice_AppliesNothingTheSecondTime()
    {
        using var folder = new TempFolder();
        var file = folder.File("twice.db");
        await using (await RuntimeTestHost.StartAsync(file)) { }
        await using var host = await RuntimeTestHost.StartAsync(file);
        await using var scope = host.Services.CreateAsyncScope();

        var applied = await scope.ServiceProvider.GetRequiredService<Persistence.Migrations.SchemaMigrator>().MigrateAsync();

        Assert.Empty(applied);
    }

    [Fact]
    public async Task Sqlite_ConnectionsRunWithFullSynchronousAndWal()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        var (sync, journal) = await host.QueryAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            var connection = db.Database.GetDbConnection();
            await using var c1 = connection.CreateCommand();
            c1.CommandText = "PRAGMA synchronous";
            var s = Convert.ToInt64(await c1.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            await using var c2 = connection.CreateCommand();
            c2.CommandText = "PRAGMA journal_mode";
            var j = (string)(await c2.ExecuteScalarAsync())!;
            return (s, j);
        });

        Assert.Equal(2, sync); // FULL
        Assert.Equal("wal", journal);
    }
}
