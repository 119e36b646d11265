using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Tests.Support;
using Workflows.Testing;

namespace Workflows.Runtime.Tests.Runtime;

public class SchemaTests
{
    /// <summary>Tables, columns (type, null, key) and indexes (unique, columns) of a SQLite file, as comparable text.</summary>
    internal static List<string> Describe(string file)
    {
        var lines = new List<string>();
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        var tables = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read()) tables.Add(reader.GetString(0));
        }
        foreach (var table in tables)
        {
            lines.Add($"table {table}");
            lines.AddRange(Query(connection, $"PRAGMA table_info(\"{table}\")", r => $"  column {table}.{r.GetString(1)} {r.GetString(2)} notnull={r.GetInt64(3)} pk={r.GetInt64(5)}"));
            foreach (var (index, unique) in Query(connection, $"PRAGMA index_list(\"{table}\")", r => (r.GetString(1), r.GetInt64(2))))
            {
                if (index.StartsWith("sqlite_autoindex", StringComparison.Ordinal)) continue;
                var columns = string.Join(",", Query(connection, $"PRAGMA index_info(\"{index}\")", r => r.GetString(2)));
                lines.Add($"  index {index} unique={unique} ({columns})");
            }
        }
        return lines.Order(StringComparer.Ordinal).ToList();
    }

    private static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> map)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var list = new List<T>();
        while (reader.Read()) list.Add(map(reader));
        return list;
    }

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

        var expected = Describe(fromModel);
        var actual = Describe(migrated);
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
