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
/// Sends the outbox. A row is claimed by one conditional update (status still Pending, due, and the attempt count
/// this node read), which also counts the attempt and moves its due time a lease ahead: two nodes never send a row
/// at the same time, and a row whose node died mid-send becomes due again when the lease runs out. Each recipient's
/// delivery is logged as soon as the server accepts it, so a retry reaches only those still missing; a resend after
/// a crash carries the same Message-ID. Transient failures are retried with exponential backoff; a permanent refusal,
/// a row that cannot be rendered, or the last attempt puts the row in Failed, where the outbox page can retry it.
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
                    await Task.Delay(options.CurrentValue.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Sends what is due now, up to one batch. Returns how many rows this node claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        List<(string Id, int Attempts)> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var now = clock.GetUtcNow().UtcDateTime;
            due = (await db.Outbox.AsNoTracking()
                    .Where(o => o.Status == OutboxStatuses.Pending && o.NextAttemptAt <= now)
                    .OrderBy(o => o.NextAttemptAt)
                    .Select(o => new { o.Id, o.Attempts })
                    .Take(settings.BatchSize)
                    .ToListAsync(cancellationToken))
                .Select(o => (o.Id, o.Attempts)).ToList();
        }
        if (due.Count == 0) return 0;

        var claimed = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken },
            async (row, ct) =>
            {
                if (await ProcessAsync(row.Id, row.Attempts, ct)) Interlocked.Increment(ref claimed);
            });
        return claimed;
    }

    private async Task<bool> ProcessAsync(string id, int seenAttempts, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var settings = options.CurrentValue;
        var now = clock.GetUtcNow().UtcDateTime;
        var attempt = seenAttempts + 1;
        var leaseUntil = now + settings.Lease;
        var claimed = await db.Outbox
            .Where(o => o.Id == id && o.Status == OutboxStatuses.Pending && o.NextAttemptAt <= now && o.Attempts == seenAttempts)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.Attempts, attempt).SetProperty(o => o.NextAttemptAt, leaseUntil), cancellationToken);
        if (claimed == 0) return false; // another node (or round) has it

        var row = await db.Outbox.AsNoTracking().FirstAsync(o => o.Id == id, cancellationToken);
        Verdict verdict;
        try
        {
            verdict = await DeliverAsync(scope.ServiceProvider, db, row, attempt, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: give the row back at once rather than leaving it to the lease.
            await FinishAsync(db, id, attempt, OutboxStatuses.Pending, clock.GetUtcNow().UtcDateTime, null, null, CancellationToken.None);
            throw;
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

        now = clock.GetUtcNow().UtcDateTime;
        if (verdict.Done)
        {
            var status = verdict.AnySent ? OutboxStatuses.Sent : OutboxStatuses.Failed;
            await FinishAsync(db, id, attempt, status, now, verdict.AnySent ? now : null, verdict.Error, CancellationToken.None);
            if (status == OutboxStatuses.Failed) LogFailed(id, attempt, verdict.Error);
        }
        else if (attempt >= settings.MaxAttempts)
        {
            var error = $"已尝试 {attempt} 次仍未发出，不再自动重试（{Half(verdict.Error, english: false)}） / Gave up after {attempt} attempts ({Half(verdict.Error, english: true)})";
            await FinishAsync(db, id, attempt, OutboxStatuses.Failed, now, null, error, CancellationToken.None);
            LogFailed(id, attempt, error);
        }
        else
        {
            var delay = Backoff(settings, attempt);
            await FinishAsync(db, id, attempt, OutboxStatuses.Pending, now + delay, null, verdict.Error, CancellationToken.None);
            LogRetry(id, attempt, delay.TotalSeconds, verdict.Error);
        }
        return true;
    }

    /// <summary>The wait after attempt <paramref name="attempt"/>: base, 2×base, 4×base … up to the maximum.</summary>
    internal static TimeSpan Backoff(OutboxOptions settings, int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(settings.RetryMaxDelay.Ticks, settings.RetryBaseDelay.Ticks * factor));
        return delay;
    }

    private async Task<Verdict> DeliverAsync(IServiceProvider services, WorkflowsDbContext db, OutboxRecord row, int attempt, CancellationToken cancellationToken)
    {
        var composer = services.GetRequiredService<OutboxMailComposer>();
        var resolver = services.GetRequiredService<RecipientResolver>();
        var tokens = OutboxMailComposer.ReadList(row.ToJson).Select(t => (t, RecipientField.To))
            .Concat(OutboxMailComposer.ReadList(row.CcJson).Select(t => (t, RecipientField.Cc)))
            .Concat(OutboxMailComposer.ReadList(row.BccJson).Select(t => (t, RecipientField.Bcc)))
            .ToList();
        var kind = row.Template is { Length: > 0 } template ? OutboxMailComposer.ParseKind(template) : (MailTemplateKind?)null;
        var model = kind is null ? null : OutboxMailComposer.ReadModel(row.ModelJson);

        var log = db.Set<OutboxDeliveryRecord>();
        var earlier = await log.AsNoTracking().Where(d => d.OutboxId == row.Id)
            .Select(d => new { d.Recipient, d.Address, d.Status, d.At }).ToListAsync(cancellationToken);
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
                await LogDeliveryAsync(db, row, unresolved, null, OutboxDeliveryStatuses.Unresolved, attempt, unresolved.Problem, cancellationToken);
        }
        var resolved = recipients.Where(r => r.IsResolved).ToList();
        if (resolved.Count == 0)
            return new Verdict(Done: true, AnySent: sent.Count > 0, Bilingual("没有可以发送的收件人：", "No deliverable recipient: ", problems));

        var pending = resolved.Where(r => !sent.Contains(r.Address!.Address) && !refused.Contains(r.Address.Address)).ToList();
        string? transient = null;
        if (kind is { } templateKind)
        {
            var processName = row.InstanceId is null ? null
                : await db.Instances.AsNoTracking().Where(i => i.Id == row.InstanceId).Select(i => i.Name).FirstOrDefaultAsync(cancellationToken);
            var singlePerson = tokens.Count == 1 && !tokens[0].Item1.Trim().StartsWith(RecipientResolver.RolePrefix, StringComparison.OrdinalIgnoreCase);
            foreach (var recipient in pending)
            {
                var messageId = OutboxMailComposer.PersonalMessageId(row, singlePerson, recipient.Address!);
                var message = composer.ComposeTemplated(row, templateKind, model, recipient, processName, messageId);
                try
                {
                    await sender.SendAsync(message, cancellationToken);
                    sent.Add(recipient.Address!.Address);
                    await LogDeliveryAsync(db, row, recipient, messageId, OutboxDeliveryStatuses.Sent, attempt, null, cancellationToken);
                }
                catch (MailDeliveryException ex) when (ex.IsTransient)
                {
                    await LogDeliveryAsync(db, row, recipient, messageId, OutboxDeliveryStatuses.Deferred, attempt, ex.Message, cancellationToken);
                    transient = ex.Message;
                    break; // the server is most likely down for the others too
                }
                catch (MailDeliveryException ex)
                {
                    refused.Add(recipient.Address!.Address);
                    problems.Add(ex.Message);
                    await LogDeliveryAsync(db, row, recipient, messageId, OutboxDeliveryStatuses.Failed, attempt, ex.Message, cancellationToken);
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
                    await LogDeliveryAsync(db, row, recipient, row.MessageId, OutboxDeliveryStatuses.Sent, attempt, null, cancellationToken);
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
                        await LogDeliveryAsync(db, row, recipient, row.MessageId, OutboxDeliveryStatuses.Sent, attempt, null, cancellationToken);
                    }
                    else if (ex.IsTransient)
                    {
                        await LogDeliveryAsync(db, row, recipient, row.MessageId, OutboxDeliveryStatuses.Deferred, attempt, ex.Message, cancellationToken);
                    }
                    else
                    {
                        refused.Add(recipient.Address!.Address);
                        await LogDeliveryAsync(db, row, recipient, row.MessageId, OutboxDeliveryStatuses.Failed, attempt, ex.Message, cancellationToken);
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

    private async Task LogDeliveryAsync(WorkflowsDbContext db, OutboxRecord row, ResolvedRecipient recipient, string? messageId, string status, int attempt, string? error, CancellationToken cancellationToken)
    {
        db.Set<OutboxDeliveryRecord>().Add(new OutboxDeliveryRecord
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
        // Written as soon as the server has answered: a crash after this point does not resend to this recipient.
        await db.SaveChangesAsync(status == OutboxDeliveryStatuses.Sent ? CancellationToken.None : cancellationToken);
    }

    private static async Task FinishAsync(WorkflowsDbContext db, string id, int attempt, string status, DateTime nextAttemptAt, DateTime? sentAt, string? error, CancellationToken cancellationToken)
    {
        var lastError = error is null ? null : Truncate(error, 4000);
        // Only while the claim is still this node's: after a lease ran out another node may hold it.
        await db.Outbox.Where(o => o.Id == id && o.Attempts == attempt && o.Status == OutboxStatuses.Pending)
            .ExecuteUpdateAsync(u => u
                .SetProperty(o => o.Status, status)
                .SetProperty(o => o.NextAttemptAt, nextAttemptAt)
                .SetProperty(o => o.SentAt, sentAt)
                .SetProperty(o => o.LastError, lastError), cancellationToken);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    /// <summary>Several "中文 / English" messages as one: the Chinese halves, then the English halves.</summary>
    private static string Bilingual(string zh, string en, IEnumerable<string> messages)
    {
        var list = messages.Distinct().ToList();
        return $"{zh}{string.Join("；", list.Select(m => Half(m, english: false)))} / {en}{string.Join("; ", list.Select(m => Half(m, english: true)))}";
    }

    private static string? Half(string? message, bool english) =>
        message?.Split(" / ", 2) is [var zh, var en] ? (english ? en : zh) : message;

    private sealed record Verdict(bool Done, bool AnySent, string? Error);

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
