using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace Workflows.Runtime.Persistence.Migrations;

/// <summary>
/// A hand-written schema step. EF Core's design package (which scaffolds migrations) does not restore here, so
/// steps are written with EF's <see cref="MigrationBuilder"/> by hand and turned into provider SQL by EF's own
/// generator. Modules contribute their steps; ids sort globally (prefix with a date).
/// </summary>
public interface ISchemaMigration
{
    /// <summary>Sortable, unique, never changed once shipped: e.g. "20261122_0001_runtime_initial".</summary>
    string Id { get; }

    /// <summary>
    /// The name of the EF migration that makes the same change, for a step added after the EF baseline: a database
    /// adopted by EF (DatabaseMigrator) records it as applied, since this step already made it.
    /// </summary>
    string? EfTwin => null;

    void Up(MigrationBuilder builder);
}

public sealed class SchemaMigrator(WorkflowsDbContext db, IEnumerable<ISchemaMigration> migrations, TimeProvider clock, ILogger<SchemaMigrator> logger)
{
    private const string HistoryTable = "__schema_history";

    public IReadOnlyList<ISchemaMigration> All { get; } = migrations.OrderBy(m => m.Id, StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var applied = new List<string>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var isPostgres = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
            if (isPostgres)
                // Several nodes start at once; one migrates, the others wait and then find nothing to do.
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(727274)", cancellationToken);
            else
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

            await db.Database.ExecuteSqlRawAsync(
                $"CREATE TABLE IF NOT EXISTS \"{HistoryTable}\" (\"Id\" varchar(150) NOT NULL PRIMARY KEY, \"AppliedAt\" varchar(40) NOT NULL)", cancellationToken);

            var done = await ReadAppliedAsync(cancellationToken);
            var sqlGenerator = db.GetService<IMigrationsSqlGenerator>();
            var executor = db.GetService<IMigrationCommandExecutor>();
            var connection = db.GetService<IRelationalConnection>();

            foreach (var migration in All.Where(m => !done.Contains(m.Id)))
            {
                var builder = new MigrationBuilder(db.Database.ProviderName);
                migration.Up(builder);
                var commands = sqlGenerator.Generate(builder.Operations, model: null).ToList();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                // Another process may have applied it between our read and our lock.
                if ((await ReadAppliedAsync(cancellationToken)).Contains(migration.Id)) continue;
                await executor.ExecuteNonQueryAsync(commands, connection, cancellationToken);
                await db.Database.ExecuteSqlRawAsync(
                    $"INSERT INTO \"{HistoryTable}\" (\"Id\", \"AppliedAt\") VALUES ({{0}}, {{1}})",
                    [migration.Id, clock.GetUtcNow().ToString("O")], cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied schema migration {MigrationId}", migration.Id);
                applied.Add(migration.Id);
            }

            if (isPostgres)
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(727274)", cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return applied;
    }

    private async Task<HashSet<string>> ReadAppliedAsync(CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        DbConnection connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"Id\" FROM \"{HistoryTable}\"";
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
        return ids;
    }
}
