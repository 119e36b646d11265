using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Workflows.Runtime.Persistence.Migrations;

/// <summary>
/// The host's EF Core migrations: one assembly per provider, each made by <c>dotnet ef migrations add</c> for the
/// model the host composes (the runtime's tables plus its modules'). EF migrations describe one model, so only the
/// composition root knows them; a host that names none (a runtime-only test host) keeps the hand-written steps.
/// </summary>
public sealed record EfMigrationSets(string SqliteAssembly, string PostgreSqlAssembly)
{
    public string For(bool postgres) => postgres ? PostgreSqlAssembly : SqliteAssembly;
}

public static class EfMigrationsSetup
{
    public static IServiceCollection AddEfMigrations(this IServiceCollection services, EfMigrationSets sets) =>
        services.AddSingleton(sets);
}

/// <summary>
/// Brings the database to the current model. With EF migrations: a database made by the hand-written steps
/// (it has <c>__schema_history</c> and no EF history) is first completed by those steps, which are frozen and end
/// exactly at the EF baseline, then the baseline is recorded as applied without touching a table; after that, and
/// on a new database, <see cref="RelationalDatabaseFacadeExtensions.MigrateAsync(Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade, CancellationToken)"/> does the rest.
/// </summary>
public sealed class DatabaseMigrator(WorkflowsDbContext db, SchemaMigrator handWritten, ILogger<DatabaseMigrator> logger, EfMigrationSets? efMigrations = null)
{
    private const string HandWrittenHistory = "__schema_history";
    private const long LockKey = 727274;

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (efMigrations is null)
        {
            await handWritten.MigrateAsync(cancellationToken);
            return;
        }

        var postgres = IsPostgres(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (postgres)
                // Several nodes start at once: one adopts the old history, the others wait and find it done.
                // Session-level and re-entrant, so the hand-written migrator may take the same key inside.
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({LockKey})", cancellationToken);
            else
                // Not in a transaction (EF runs each migration in one): WAL is a property of the file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            try
            {
                await AdoptHandWrittenSchemaAsync(postgres, cancellationToken);
                await db.Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                if (postgres) await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task AdoptHandWrittenSchemaAsync(bool postgres, CancellationToken cancellationToken)
    {
        if (!await TableExistsAsync(HandWrittenHistory, postgres, cancellationToken)) return;
        if ((await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any()) return;

        var baseline = db.Database.GetMigrations().FirstOrDefault()
            ?? throw new InvalidOperationException($"The EF migrations assembly {efMigrations!.For(postgres)} holds no migration.");
        // The hand-written steps end where the baseline starts: finish an older database with them first.
        await handWritten.MigrateAsync(cancellationToken);

        var history = db.GetService<IHistoryRepository>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (postgres) await RenameTruncatedForeignKeysAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(baseline, ProductInfo.GetVersion())), cancellationToken);
        // Steps after the baseline that the hand-written path made too: their EF twins are done already.
        var twins = handWritten.All.Select(m => m.EfTwin).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var twin in db.Database.GetMigrations().Where(id => twins.Any(t => id.EndsWith("_" + t, StringComparison.Ordinal))))
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(twin, ProductInfo.GetVersion())), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Database made by the hand-written migrations adopted: EF baseline {Migration} recorded as applied", baseline);
    }

    /// <summary>
    /// PostgreSQL cuts names at 63 bytes. The hand-written steps gave it the long foreign-key names and it kept
    /// their first 63 characters; EF shortens them itself, to 62 characters and '~'. Later EF migrations name the
    /// constraints EF's way, so the adopted ones are renamed to match (the test compares both databases).
    /// </summary>
    private async Task RenameTruncatedForeignKeysAsync(CancellationToken cancellationToken)
    {
        var constraints = db.Model.GetRelationalModel().Tables
            .SelectMany(t => t.ForeignKeyConstraints.Select(fk => (Table: t.Name, fk.Name)))
            .Where(c => c.Name.EndsWith('~'));
        foreach (var (table, name) in constraints)
        {
            var connection = db.Database.GetDbConnection();
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = "SELECT c.conname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid " +
                "WHERE t.relname = @table AND c.contype = 'f' AND c.conname <> @name AND left(c.conname, @length) = @prefix";
            AddParameter(command, "@table", table);
            AddParameter(command, "@name", name);
            AddParameter(command, "@length", name.Length - 1);
            AddParameter(command, "@prefix", name[..^1]);
            var found = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                while (await reader.ReadAsync(cancellationToken)) found.Add(reader.GetString(0));
            if (found.Count != 1) continue;
            // Identifiers cannot be parameters; these come from the model and the catalogue, quoted all the same.
            var rename = $"ALTER TABLE {Quote(table)} RENAME CONSTRAINT {Quote(found[0])} TO {Quote(name)}";
            await db.Database.ExecuteSqlRawAsync(rename, cancellationToken);
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void AddParameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private async Task<bool> TableExistsAsync(string table, bool postgres, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = postgres
            ? "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @name"
            : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @name";
        AddParameter(command, "@name", table);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    internal static bool IsPostgres(DbContext context) => context.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
}
