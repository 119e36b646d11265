using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Runtime.Hosting;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Persistence.Migrations;
using Workflows.Testing;

namespace Workflows.Association.Tests;

/// <summary>
/// The service's schema from EF Core's own migrations (src/Workflows.Migrations.*), and the way a database made by
/// the earlier hand-written steps is carried over to them.
/// </summary>
public class EfMigrationsTests
{
    private static readonly EfMigrationSets Sets = new(Migrations.Sqlite.DesignTimeFactory.AssemblyName, Migrations.PostgreSql.DesignTimeFactory.AssemblyName);

    [Fact]
    public async Task FreshSqliteDatabase_MadeByEfMigrations_EqualsTheModel()
    {
        using var folder = new TempFolder("ef-fresh");
        var migrated = folder.File("migrated.db");
        var fromModel = folder.File("model.db");

        await using (var provider = Compose(Sqlite(migrated), folder.Path, efMigrations: true))
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Single(db.Database.GetMigrations(), m => m.EndsWith("_Baseline", StringComparison.Ordinal));
            Assert.False(db.Database.HasPendingModelChanges());
            Assert.False(await SqliteTableExistsAsync(db, "__schema_history"));

            var options = new DbContextOptionsBuilder<WorkflowsDbContext>().UseSqlite($"Data Source={fromModel}").Options;
            await using var modelDb = new WorkflowsDbContext(options, scope.ServiceProvider.GetServices<IModelContributor>());
            await modelDb.Database.EnsureCreatedAsync();
        }
        SqliteConnection.ClearAllPools();

        var expected = SqliteSchema.Describe(fromModel);
        Assert.Contains(expected, l => l.StartsWith("table assoc_branches", StringComparison.Ordinal));
        Assert.Contains(expected, l => l.StartsWith("table wf_instances", StringComparison.Ordinal));
        Assert.Equal(expected, SqliteSchema.Describe(migrated));
    }

    [Fact]
    public async Task SqliteDatabase_OfTheHandWrittenMigrations_IsAdoptedWithItsRows()
    {
        using var folder = new TempFolder("ef-adopt");
        var file = folder.File("old.db");
        var fromModel = folder.File("model.db");

        // As the version before Hangfire left it: every hand-written step but the last, and a Quartz table.
        await using (var old = Compose(Sqlite(file), folder.Path, efMigrations: false))
            await MakeHandWrittenDatabaseAsync(old, beforeHangfire: true);

        await using (var provider = Compose(Sqlite(file), folder.Path, efMigrations: true))
        {
            await MigrateAndCheckAdoptedAsync(provider);
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            Assert.False(await SqliteTableExistsAsync(db, "QRTZ_LOCKS"));
            var options = new DbContextOptionsBuilder<WorkflowsDbContext>().UseSqlite($"Data Source={fromModel}").Options;
            await using var modelDb = new WorkflowsDbContext(options, scope.ServiceProvider.GetServices<IModelContributor>());
            await modelDb.Database.EnsureCreatedAsync();
        }
        SqliteConnection.ClearAllPools();

        Assert.Equal(SqliteSchema.Describe(fromModel), SqliteSchema.Describe(file));
    }

    [PostgresFact]
    public async Task PostgreSqlDatabase_OfTheHandWrittenMigrations_IsAdoptedAndEqualsAFreshOne()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        using var folder = new TempFolder("ef-pg");
        var oldDatabase = await cluster.CreateDatabaseAsync("old");
        var freshDatabase = await cluster.CreateDatabaseAsync("fresh");

        await using (var old = Compose(Postgres(oldDatabase), folder.Path, efMigrations: false))
            await MakeHandWrittenDatabaseAsync(old, beforeHangfire: false);

        List<string> adopted, fresh;
        await using (var provider = Compose(Postgres(oldDatabase), folder.Path, efMigrations: true))
        {
            await MigrateAndCheckAdoptedAsync(provider);
            adopted = await DescribePostgresAsync(provider);
        }
        await using (var provider = Compose(Postgres(freshDatabase), folder.Path, efMigrations: true))
        {
            await using (var scope = provider.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
                var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                Assert.False(db.Database.HasPendingModelChanges());
            }
            fresh = await DescribePostgresAsync(provider);
        }

        Assert.Contains(fresh, l => l.StartsWith("column assoc_branches.", StringComparison.Ordinal));
        // Differences both ways, so a failure names the line that differs.
        var onlyFresh = fresh.Except(adopted).ToList();
        var onlyAdopted = adopted.Except(fresh).ToList();
        Assert.True(onlyFresh.Count + onlyAdopted.Count == 0, $"only fresh:\n{string.Join('\n', onlyFresh)}\nonly adopted:\n{string.Join('\n', onlyAdopted)}");
        Assert.Equal(fresh.Count, adopted.Count);
    }

    /// <summary>Runs the new start-up migration twice on a database the hand-written steps made, and checks nothing was lost.</summary>
    private static async Task MigrateAndCheckAdoptedAsync(ServiceProvider provider)
    {
        for (var run = 0; run < 2; run++)
        {
            await using var scope = provider.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        }

        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            // The baseline, and every later EF migration whose hand-written twin made the same change (ScheduleRunOccurrence).
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.False(db.Database.HasPendingModelChanges());

            var instance = await db.Instances.SingleAsync();
            Assert.Equal("评审流程", instance.Name);
            Assert.Equal("wf-1:1", instance.IdempotencyKey);
            var task = await db.Tasks.SingleAsync();
            Assert.Equal("审核分会年度报告", task.Title);
            var mail = await db.Outbox.SingleAsync();
            Assert.Equal("年度考核提醒", mail.Subject);
            Assert.Equal(OutboxStatuses.Pending, mail.Status);
        }
    }

    private static async Task MakeHandWrittenDatabaseAsync(ServiceProvider provider, bool beforeHangfire)
    {
        await using var scope = provider.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<WorkflowsDbContext>();
        var steps = services.GetServices<ISchemaMigration>().Where(m => !beforeHangfire || m is not M20261202_0010_HangfireReplacesQuartz);
        await new SchemaMigrator(db, steps, TimeProvider.System, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        if (beforeHangfire)
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE QRTZ_LOCKS (SCHED_NAME TEXT NOT NULL, LOCK_NAME TEXT NOT NULL, PRIMARY KEY (SCHED_NAME, LOCK_NAME))");

        var at = new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc);
        db.Instances.Add(new InstanceRecord
        {
            Id = "i-1", DefinitionId = "wf", DefinitionVersionId = "wf-v1", DefinitionVersion = 1, SnapshotHash = "h", Name = "评审流程",
            Status = "Running", SubStatus = "Suspended", StateJson = "{}", IdempotencyKey = "wf-1:1", CreatedAt = at, UpdatedAt = at,
        });
        db.Tasks.Add(new TaskRecord
        {
            Id = "t-1", InstanceId = "i-1", BookmarkId = "b-1", ActivityId = "a", ActivityNodeId = "root:a", Title = "审核分会年度报告",
            AssigneesJson = "[\"secretary\"]", OutcomesJson = "[\"通过\"]", Status = "Pending",
        });
        db.Outbox.Add(new OutboxRecord
        {
            Id = "m-1", MessageId = "<m-1@workflows>", IdempotencyKey = "i-1:mail:1", ToJson = "[\"a@example.org\"]", Subject = "年度考核提醒",
            Status = OutboxStatuses.Pending, NextAttemptAt = at, CreatedAt = at,
        });
        await db.SaveChangesAsync();
    }

    private static ServiceProvider Compose(Dictionary<string, string?> settings, string contentRoot, bool efMigrations)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddWorkflowRuntime(configuration, contentRoot);
        services.AddAssociation();
        if (efMigrations) services.AddEfMigrations(Sets);
        return services.BuildServiceProvider();
    }

    private static Dictionary<string, string?> Sqlite(string file) => new() { ["Database:ConnectionString"] = $"Data Source={file}" };

    private static Dictionary<string, string?> Postgres(string connectionString) =>
        new() { ["Database:Provider"] = "PostgreSql", ["Database:ConnectionString"] = connectionString };

    private static async Task<bool> SqliteTableExistsAsync(WorkflowsDbContext db, string table) =>
        await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {0}", table).SingleAsync() > 0;

    /// <summary>
    /// Columns (type, length, null), indexes and constraints of the public schema, as sorted lines; history tables left out.
    /// Defaults are left out as in <see cref="SqliteSchema"/>: a hand-written step that adds a NOT NULL column to filled
    /// tables gives it a default ('' for wf_users.SecurityStamp), EF's CREATE TABLE does not, and EF always writes the value.
    /// </summary>
    private static async Task<List<string>> DescribePostgresAsync(ServiceProvider provider)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var lines = new List<string>();
        await db.Database.OpenConnectionAsync();
        DbConnection connection = db.Database.GetDbConnection();
        await ReadAsync(connection, """
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || '(' || coalesce(character_maximum_length::text, '') || ','
                   || coalesce(numeric_precision::text, '') || ',' || coalesce(numeric_scale::text, '') || ') null=' || is_nullable
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_%'
            """, lines);
        await ReadAsync(connection, "SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '\\_\\_%'", lines);
        await ReadAsync(connection, """
            SELECT 'constraint ' || t.relname || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
            WHERE c.connamespace = 'public'::regnamespace AND t.relname NOT LIKE '\_\_%'
            """, lines);
        await db.Database.CloseConnectionAsync();
        return lines.Order(StringComparer.Ordinal).ToList();
    }

    private static async Task ReadAsync(DbConnection connection, string sql, List<string> lines)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
    }
}
