using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Engine.Services;
using Workflows.Runtime.Hosting;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Mail.Outbox;

/// <summary>
/// Sends the outbox in batches. A batch of due rows is claimed in one commit, each row by a conditional update
/// (status still Pending, due, and the attempt count this node read) that counts the attempt and moves its due time a
/// lease ahead: two nodes never send a row at the same time, and a row whose node died mid-send becomes due again
/// when the lease runs out. The batch goes out over the pooled SMTP connections side by side; the results (row
/// state and per-recipient delivery log) of many mails are committed together. A crash after sending and before that
/// commit resends those mails with the same Message-ID and X-Outbox-Key (at least once, never lost); a retry after a
/// committed attempt reaches only the recipients still missing. Transient failures are retried with exponential
/// backoff; a permanent refusal, a row that cannot be rendered, or the last attempt puts the row in Failed, where the
/// outbox page can retry it.
/// </summary>
public sealed partial class OutboxSender(
    IServiceScopeFactory scopes,
    IMailSender sender,
    StartupGate gate,
    IIdGenerator ids,
    TimeProvider clock,
    IOptionsMonitor<OutboxOptions> options,
    ILogger<OutboxSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.WaitAsync(stoppingToken);
        if (!options.CurrentValue.Enabled)
        {
            LogDisabled();
            return;
        }
        // Two rounds overlap: while one claims its batch or commits its last results, the other keeps the SMTP
        // connections busy. They never share a row: each claims by the same conditional update as two nodes do.
        await Task.WhenAll(Enumerable.Range(0, OverlappingRounds).Select(_ => Task.Run(() => LoopAsync(stoppingToken), CancellationToken.None)));
    }

    private const int OverlappingRounds = 2;

    /// <summary>Rows this node has claimed and not yet committed a result for.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> held = new(StringComparer.Ordinal);

    /// <summary>Taken from the first round's settings: a changed Outbox:Parallelism applies after a restart.</summary>
    private SemaphoreSlim? sendSlots;

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int handled;
            try
            {
                handled = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRoundFailed(ex);
                handled = 0;
            }
            if (handled < options.CurrentValue.BatchSize)
            {
                try
                {
                    await Task.Delay(options.CurrentValue.PollInterval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Sends what is due now, up to one batch: claims the batch in one commit, sends it over the pooled connections
    /// side by side, and commits the results grouped (see <see cref="OutboxResultWriter"/>). Returns how many rows
    /// this node claimed.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var slots = LazyInitializer.EnsureInitialized(ref sendSlots, () => new SemaphoreSlim(settings.Parallelism, settings.Parallelism));
        var claimedAt = clock.GetUtcNow().UtcDateTime;
        var batch = await ClaimAsync(settings, claimedAt, cancellationToken);
        if (batch.Rows.Count == 0) return 0;

        // Rows not started by half the lease are handed back unsent: a lease that runs out while this node still
        // sends would let another node send the same row at the same time.
        var startBy = claimedAt + settings.Lease / 2;
        var open = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(batch.Rows.Select(r => KeyValuePair.Create(r.Row.Id, r.Attempt)));
        var writer = new OutboxResultWriter(scopes, clock, logger, settings.ResultBatchSize, settings.ResultCommitDelay);
        void Record(OutboxResult result)
        {
            open.TryRemove(result.Id, out _);
            writer.Add(result);
        }
        try
        {
            await Parallel.ForEachAsync(batch.Rows, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken },
                async (claimed, ct) =>
                {
                    // Node-wide, so overlapping rounds together still send at most Parallelism mails at once.
                    await slots.WaitAsync(ct);
                    try
                    {
                        if (clock.GetUtcNow().UtcDateTime >= startBy) return;
                        Record(await ProcessAsync(claimed.Row, claimed.Attempt, batch, ct));
                    }
                    finally
                    {
                        slots.Release();
                    }
                });
        }
        finally
        {
            // Claimed and never started (shutdown, or the lease half gone): undo the claim, attempt count included.
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var (id, attempt) in open)
                writer.Add(new OutboxResult(id, attempt, attempt - 1, OutboxStatuses.Pending, now, null, null, []));
            await writer.CompleteAsync();
            foreach (var (row, _) in batch.Rows) held.TryRemove(row.Id, out _);
        }
        return batch.Rows.Count;
    }

    /// <summary>
    /// Claims up to a batch of due rows in one transaction. Each row by its own conditional update (status still
    /// Pending, due, and the attempt count this node read), which also counts the attempt and moves its due time a
    /// lease ahead: a row another node claimed first is simply not in this node's batch.
    /// </summary>
    private async Task<ClaimedBatch> ClaimAsync(OutboxOptions settings, DateTime now, CancellationToken cancellationToken)
    {
        var added = new List<string>();
        try
        {
            return await ClaimAsync(settings, now, added, cancellationToken);
        }
        catch
        {
            // Whatever the database holds, this node lets go: a claim that did commit runs out with its lease.
            foreach (var id in added) held.TryRemove(id, out _);
            throw;
        }
    }

    private async Task<ClaimedBatch> ClaimAsync(OutboxOptions settings, DateTime now, List<string> added, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var due = await db.Outbox.AsNoTracking()
            .Where(o => o.Status == OutboxStatuses.Pending && o.NextAttemptAt <= now)
            .OrderBy(o => o.NextAttemptAt)
            .Select(o => new { o.Id, o.Attempts })
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);
        if (due.Count == 0) return ClaimedBatch.Empty;

        var leaseUntil = now + settings.Lease;
        var claimed = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var row in due)
            {
                // Still being sent by the other round of this node, past its lease on a slow server: not again.
                if (!held.TryAdd(row.Id, 0)) continue;
                added.Add(row.Id);
                var seen = row.Attempts;
                var attempt = seen + 1;
                var won = await db.Outbox
                    .Where(o => o.Id == row.Id && o.Status == OutboxStatuses.Pending && o.NextAttemptAt <= now && o.Attempts == seen)
                    .ExecuteUpdateAsync(u => u.SetProperty(o => o.Attempts, attempt).SetProperty(o => o.NextAttemptAt, leaseUntil), cancellationToken);
                if (won == 1) claimed[row.Id] = attempt; // 0: another node has it
                else
                {
                    added.Remove(row.Id);
                    held.TryRemove(row.Id, out _);
                }
            }
            await transaction.CommitAsync(cancellationToken);
        }
        if (claimed.Count == 0) return ClaimedBatch.Empty;

        // Read after the claim commit: what the batch needs, in three queries rather than three per mail.
        var ids = claimed.Keys.ToList();
        var rows = await db.Outbox.AsNoTracking().Where(o => ids.Contains(o.Id)).ToListAsync(CancellationToken.None);
        var earlier = (await db.Set<OutboxDeliveryRecord>().AsNoTracking().Where(d => ids.Contains(d.OutboxId))
                .Select(d => new EarlierDelivery(d.OutboxId, d.Recipient, d.Address, d.Status, d.At)).ToListAsync(CancellationToken.None))
            .ToLookup(d => d.OutboxId, StringComparer.Ordinal);
        var instanceIds = rows.Where(r => r.InstanceId is not null && r.Template is { Length: > 0 }).Select(r => r.InstanceId!).Distinct().ToList();
        var processNames = instanceIds.Count == 0 ? new Dictionary<string, string?>()
            : await db.Instances.AsNoTracking().Where(i => instanceIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => (string?)i.Name, CancellationToken.None);
        var order = due.Select((d, i) => (d.Id, i)).ToDictionary(d => d.Id, d => d.i, StringComparer.Ordinal);
        return new ClaimedBatch(rows.OrderBy(r => order[r.Id]).Select(r => (r, claimed[r.Id])).ToList(), earlier, processNames);
    }

    private async Task<OutboxResult> ProcessAsync(OutboxRecord row, int attempt, ClaimedBatch batch, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var id = row.Id;
        var deliveries = new List<OutboxDeliveryRecord>();
        Verdict verdict;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var processName = row.InstanceId is { } instanceId ? batch.ProcessNames.GetValueOrDefault(instanceId) : null;
            verdict = await DeliverAsync(scope.ServiceProvider, row, attempt, batch.Earlier[id].ToList(), processName, deliveries, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: give the row back at once rather than leaving it to the lease; keep what was delivered.
            return new OutboxResult(id, attempt, attempt, OutboxStatuses.Pending, clock.GetUtcNow().UtcDateTime, null, null, deliveries);
        }
        catch (OutboxContentException ex)
        {
            verdict = new Verdict(Done: true, AnySent: false, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Anything unexpected (the database, the directory) is worth another attempt.
            LogUnexpected(ex, id);
            verdict = new Verdict(Done: false, AnySent: false, ex.Message);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (verdict.Done)
        {
            var status = verdict.AnySent ? OutboxStatuses.Sent : OutboxStatuses.Failed;
            return new OutboxResult(id, attempt, attempt, status, now, verdict.AnySent ? now : null, verdict.Error, deliveries,
                status == OutboxStatuses.Failed ? () => LogFailed(id, attempt, verdict.Error) : null);
        }
        if (attempt >= settings.MaxAttempts)
        {
            var error = $"已尝试 {attempt} 次仍未发出，不再自动重试（{Half(verdict.Error, english: false)}） / Gave up after {attempt} attempts ({Half(verdict.Error, english: true)})";
            return new OutboxResult(id, attempt, attempt, OutboxStatuses.Failed, now, null, error, deliveries, () => LogFailed(id, attempt, error));
        }
        var delay = Backoff(settings, attempt);
        return new OutboxResult(id, attempt, attempt, OutboxStatuses.Pending, now + delay, null, verdict.Error, deliveries,
            () => LogRetry(id, attempt, delay.TotalSeconds, verdict.Error));
    }

    /// <summary>The wait after attempt <paramref name="attempt"/>: base, 2×base, 4×base … up to the maximum.</summary>
    internal static TimeSpan Backoff(OutboxOptions settings, int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(settings.RetryMaxDelay.Ticks, settings.RetryBaseDelay.Ticks * factor));
        return delay;
    }

    private async Task<Verdict> DeliverAsync(IServiceProvider services, OutboxRecord row, int attempt, IReadOnlyList<EarlierDelivery> earlier,
        string? processName, List<OutboxDeliveryRecord> log, CancellationToken cancellationToken)
    {
        var composer = services.GetRequiredService<OutboxMailComposer>();
        var resolver = services.GetRequiredService<RecipientResolver>();
        var tokens = OutboxMailComposer.ReadList(row.ToJson).Select(t => (t, RecipientField.To))
            .Concat(OutboxMailComposer.ReadList(row.CcJson).Select(t => (t, RecipientField.Cc)))
            .Concat(OutboxMailComposer.ReadList(row.BccJson).Select(t => (t, RecipientField.Bcc)))
            .ToList();
        var kind = row.Template is { Length: > 0 } template ? OutboxMailComposer.ParseKind(template) : (MailTemplateKind?)null;
        var model = kind is null ? null : OutboxMailComposer.ReadModel(row.ModelJson);

        // Whoever got it keeps it; refusals and unresolved names count only since the mail was last sent again by hand.
        var requeued = earlier.Where(d => d.Status == OutboxDeliveryStatuses.Requeued).Select(d => (DateTime?)d.At).Max() ?? DateTime.MinValue;
        var sent = earlier.Where(d => d.Status == OutboxDeliveryStatuses.Sent && d.Address != null).Select(d => d.Address!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var refused = earlier.Where(d => d.Status == OutboxDeliveryStatuses.Failed && d.Address != null && d.At >= requeued).Select(d => d.Address!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var reportedUnresolved = earlier.Where(d => d.Status == OutboxDeliveryStatuses.Unresolved && d.At >= requeued).Select(d => d.Recipient).ToHashSet(StringComparer.Ordinal);

        var recipients = await resolver.ResolveAsync(tokens, cancellationToken);
        var problems = new List<string>();
        foreach (var unresolved in recipients.Where(r => !r.IsResolved))
        {
            problems.Add(unresolved.Problem!);
            if (reportedUnresolved.Add(unresolved.Token))
                Record(log, row, unresolved, null, OutboxDeliveryStatuses.Unresolved, attempt, unresolved.Problem);
        }
        var resolved = recipients.Where(r => r.IsResolved).ToList();
        if (resolved.Count == 0)
            return new Verdict(Done: true, AnySent: sent.Count > 0, Bilingual("没有可以发送的收件人：", "No deliverable recipient: ", problems));

        var pending = resolved.Where(r => !sent.Contains(r.Address!.Address) && !refused.Contains(r.Address.Address)).ToList();
        string? transient = null;
        if (kind is { } templateKind)
        {
            var singlePerson = tokens.Count == 1 && !tokens[0].Item1.Trim().StartsWith(RecipientResolver.RolePrefix, StringComparison.OrdinalIgnoreCase);
            foreach (var recipient in pending)
            {
                var messageId = OutboxMailComposer.PersonalMessageId(row, singlePerson, recipient.Address!);
                var message = composer.ComposeTemplated(row, templateKind, model, recipient, processName, messageId);
                try
                {
                    await sender.SendAsync(message, cancellationToken);
                    sent.Add(recipient.Address!.Address);
                    Record(log, row, recipient, messageId, OutboxDeliveryStatuses.Sent, attempt, null);
                }
                catch (MailDeliveryException ex) when (ex.IsTransient)
                {
                    Record(log, row, recipient, messageId, OutboxDeliveryStatuses.Deferred, attempt, ex.Message);
                    transient = ex.Message;
                    break; // the server is most likely down for the others too
                }
                catch (MailDeliveryException ex)
                {
                    refused.Add(recipient.Address!.Address);
                    problems.Add(ex.Message);
                    Record(log, row, recipient, messageId, OutboxDeliveryStatuses.Failed, attempt, ex.Message);
                }
            }
        }
        else if (pending.Count > 0)
        {
            var message = composer.ComposeRaw(row, pending);
            try
            {
                await sender.SendAsync(message, cancellationToken);
                foreach (var recipient in pending)
                {
                    sent.Add(recipient.Address!.Address);
                    Record(log, row, recipient, row.MessageId, OutboxDeliveryStatuses.Sent, attempt, null);
                }
            }
            catch (MailDeliveryException ex)
            {
                // System.Net.Mail delivers to the accepted recipients and then names the refused ones.
                var failedOnes = new HashSet<string>(ex.FailedRecipients, StringComparer.OrdinalIgnoreCase);
                foreach (var recipient in pending)
                {
                    var failedHere = !ex.PartiallyDelivered || failedOnes.Contains(recipient.Address!.Address);
                    if (!failedHere)
                    {
                        sent.Add(recipient.Address!.Address);
                        Record(log, row, recipient, row.MessageId, OutboxDeliveryStatuses.Sent, attempt, null);
                    }
                    else if (ex.IsTransient)
                    {
                        Record(log, row, recipient, row.MessageId, OutboxDeliveryStatuses.Deferred, attempt, ex.Message);
                    }
                    else
                    {
                        refused.Add(recipient.Address!.Address);
                        Record(log, row, recipient, row.MessageId, OutboxDeliveryStatuses.Failed, attempt, ex.Message);
                    }
                }
                if (ex.IsTransient) transient = ex.Message;
                else problems.Add(ex.Message);
            }
        }

        if (transient is not null) return new Verdict(Done: false, AnySent: sent.Count > 0, transient);
        if (problems.Count == 0)
            return new Verdict(Done: true, AnySent: sent.Count > 0, sent.Count > 0 ? null : "所有收件人均被邮件服务器拒收。 / Every recipient was refused by the mail server.");
        return new Verdict(Done: true, AnySent: sent.Count > 0, sent.Count > 0
            ? Bilingual("部分收件人未送达：", "Not delivered to some recipients: ", problems)
            : Bilingual("未能送达任何收件人：", "Not delivered to anyone: ", problems));
    }

    /// <summary>Adds a delivery log row to the attempt's result; it is committed with the row's new state.</summary>
    private void Record(List<OutboxDeliveryRecord> log, OutboxRecord row, ResolvedRecipient recipient, string? messageId, string status, int attempt, string? error)
    {
        log.Add(new OutboxDeliveryRecord
        {
            Id = ids.NewId(),
            OutboxId = row.Id,
            Recipient = Truncate(recipient.Token, 256),
            Address = recipient.Address?.Address,
            UserName = recipient.UserName,
            Culture = recipient.Culture,
            MessageId = messageId,
            Status = status,
            Attempt = attempt,
            At = clock.GetUtcNow().UtcDateTime,
            Error = error is null ? null : Truncate(error, 4000),
        });
    }

    private static string Truncate(string text, int max) => OutboxResultWriter.Truncate(text, max);

    /// <summary>Several "中文 / English" messages as one: the Chinese halves, then the English halves.</summary>
    private static string Bilingual(string zh, string en, IEnumerable<string> messages)
    {
        var list = messages.Distinct().ToList();
        return $"{zh}{string.Join("；", list.Select(m => Half(m, english: false)))} / {en}{string.Join("; ", list.Select(m => Half(m, english: true)))}";
    }

    private static string? Half(string? message, bool english) =>
        message?.Split(" / ", 2) is [var zh, var en] ? (english ? en : zh) : message;

    private sealed record Verdict(bool Done, bool AnySent, string? Error);

    private sealed record EarlierDelivery(string OutboxId, string Recipient, string? Address, string Status, DateTime At);

    private sealed record ClaimedBatch(IReadOnlyList<(OutboxRecord Row, int Attempt)> Rows, ILookup<string, EarlierDelivery> Earlier, IReadOnlyDictionary<string, string?> ProcessNames)
    {
        public static readonly ClaimedBatch Empty = new([], Array.Empty<EarlierDelivery>().ToLookup(d => d.OutboxId), new Dictionary<string, string?>());
    }

    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "The outbox sender is switched off on this node (Outbox:Enabled = false)")]
    private partial void LogDisabled();

    [LoggerMessage(EventId = 4301, Level = LogLevel.Error, Message = "Outbox round failed")]
    private partial void LogRoundFailed(Exception exception);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Error, Message = "Outbox mail {OutboxId} failed unexpectedly; will retry")]
    private partial void LogUnexpected(Exception exception, string outboxId);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Warning, Message = "Outbox mail {OutboxId} failed for good after attempt {Attempt}: {Error}")]
    private partial void LogFailed(string outboxId, int attempt, string? error);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Information, Message = "Outbox mail {OutboxId} attempt {Attempt} deferred by {DelaySeconds:0} s: {Error}")]
    private partial void LogRetry(string outboxId, int attempt, double delaySeconds, string? error);
}
