using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Tests.Mail;

/// <summary>
/// Counts the SQLite commits that wrote outbox tables (wf_outbox, wf_outbox_deliveries) through the host's own
/// DbContext: an explicit transaction in which such a write ran counts once when it commits; such a write outside a
/// transaction (autocommit) counts once by itself. Installed as EF Core interceptors on the service under test.
/// </summary>
internal sealed partial class OutboxCommitCounter
{
    private readonly object gate = new();
    private readonly HashSet<DbTransaction> writing = [];
    private int commits;

    public int Commits
    {
        get { lock (gate) return commits; }
    }

    public void Install(IServiceCollection services) =>
        services.ConfigureDbContext<WorkflowsDbContext>(o => o.AddInterceptors(new Commands(this), new Transactions(this)));

    private void Wrote(DbCommand command)
    {
        if (!OutboxWrite().IsMatch(command.CommandText)) return;
        lock (gate)
        {
            if (command.Transaction is null) commits++;
            else writing.Add(command.Transaction);
        }
    }

    private void Committed(DbTransaction transaction)
    {
        lock (gate)
        {
            if (writing.Remove(transaction)) commits++;
        }
    }

    [GeneratedRegex(@"\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+""wf_outbox(_deliveries)?""", RegexOptions.IgnoreCase)]
    private static partial Regex OutboxWrite();

    private sealed class Commands(OutboxCommitCounter counter) : DbCommandInterceptor
    {
        public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        {
            counter.Wrote(command);
            return result;
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            counter.Wrote(command);
            return ValueTask.FromResult(result);
        }

        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
        {
            counter.Wrote(command);
            return result;
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            counter.Wrote(command);
            return ValueTask.FromResult(result);
        }
    }

    private sealed class Transactions(OutboxCommitCounter counter) : DbTransactionInterceptor
    {
        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => counter.Committed(transaction);

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            counter.Committed(transaction);
            return Task.CompletedTask;
        }
    }
}
