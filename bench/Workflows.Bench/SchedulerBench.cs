using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workflows.Engine.Model;
using Workflows.Engine.Services;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Hosting;
using Workflows.Runtime.Mail;
using Workflows.Runtime.Mail.Outbox;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Scheduling;
using Workflows.Testing;
using Workflows.Testing.MailDev;
using static Workflows.Testing.Wf;

namespace Workflows.Bench;

/// <summary>
/// Issue 6's figures on SQLite with synchronous=FULL: a fan-out run over many items (instances, their tasks and
/// their task mails queued), mails per second through the outbox to maildev, and start-up with many pending timers.
/// </summary>
public static class SchedulerBench
{
    public static async Task RunAsync(Report report, string[] args)
    {
        if (Environment.GetEnvironmentVariable("BENCH_PROBE") is { } probeSettings)
        {
            using var folder = new TempFolder("bench-probe");
            var settings = probeSettings.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => (string?)kv[1]);
            using var host = await StartAsync(folder.File("probe.db"), settings);
            await PublishAsync(host, Def("assessment", [Act("start", "Elsa.Start"), HumanTask("self", "分会自评", "branchChair", "Submit")], [Conn("start", "self")]));
            var rt = host.Services.GetRequiredService<WorkflowRuntime>();
            for (var i = 0; i < 20; i++) await rt.StartAsync(new StartWorkflowRequest { DefinitionId = "assessment" });
            var probe = Stopwatch.StartNew();
            for (var i = 0; i < 200; i++) await rt.StartAsync(new StartWorkflowRequest { DefinitionId = "assessment" });
            Console.Error.WriteLine($"probe [{probeSettings}]: {probe.Elapsed.TotalMilliseconds / 200:N1} ms per start");
            await host.StopAsync();
            return;
        }
        var items = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var mails = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000;
        var timers = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 25_000;
        await FanOutAsync(report, items);
        if (mails > 0) await MailAsync(report, mails);
        await StartupWithTimersAsync(report, timers);
    }

    private static async Task FanOutAsync(Report report, int count)
    {
        using var folder = new TempFolder("bench-fanout");
        var file = folder.File("fanout.db");
        var settings = new Dictionary<string, string?>
        {
            ["Scheduling:Runs:0:Name"] = "bench",
            ["Scheduling:Runs:0:DefinitionId"] = "assessment",
            ["Scheduling:Runs:0:ItemsProvider"] = "benchBranches",
            ["Scheduling:Runs:0:Cron"] = "0 0 9 5 1 ?",
            ["Scheduling:Runs:0:Period"] = "previousYear",
            // Mails are queued, not sent: this figure is about the run.
            ["Outbox:Enabled"] = "false",
        };
        using var host = await StartAsync(file, settings, s => s.AddSingleton<IRunItemsProvider>(new Branches(count)));
        await PublishAsync(host, Def("assessment", [Act("start", "Elsa.Start"), HumanTask("self", "分会自评", "branchChair", "Submit")], [Conn("start", "self")]));

        // From the click: the page enqueues a Hangfire job, a worker picks it up (Scheduling:PollInterval), the
        // run lists its items and starts the first.
        var clock = Stopwatch.StartNew();
        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ScheduleAdmin>().RunNowAsync("runs/bench", "bench", CancellationToken.None);
        var first = await UntilAsync(host, db => db.Instances.AnyAsync(i => i.IdempotencyKey!.StartsWith("bench:")), TimeSpan.FromMinutes(5), clock);
        report.Add("run now → first instance of the yearly run (Hangfire, poll interval 1 s)", first.TotalMilliseconds, "ms");
        var dispatched = await UntilAsync(host, db => db.Set<ScheduleRunRecord>().AnyAsync(r => r.Status == ScheduleRunStatuses.Succeeded), TimeSpan.FromMinutes(30), clock);
        var done = await UntilAsync(host, async db => await db.Tasks.CountAsync() == count && await db.Outbox.CountAsync() == count, TimeSpan.FromMinutes(60), clock);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var run = await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Set<ScheduleRunRecord>().AsNoTracking().SingleAsync();
            Console.Error.WriteLine($"run fired {(run.FiredAt - run.ScheduledFireAt)?.TotalMilliseconds:N0} ms after it was asked for, took {(run.FinishedAt - run.FiredAt)?.TotalSeconds:N1} s: {run.Message}");
        }
        report.Add($"fan-out run over {count:N0} items: instances accepted", dispatched.TotalSeconds, "s");
        report.Add($"fan-out run over {count:N0} items: instances, tasks and mails queued", done.TotalSeconds, "s");
        report.Add("fan-out rate (to tasks and mails queued)", count / done.TotalSeconds, "items/s");
        await host.StopAsync();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Only the outbox → maildev figure (issue 11: before and after MailKit), without the fan-out and timer parts.</summary>
    public static Task RunMailAsync(Report report, string[] args) =>
        MailAsync(report, args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000);

    private static async Task MailAsync(Report report, int count)
    {
        await using var mail = await MailDevServer.StartNewAsync();
        using var folder = new TempFolder("bench-mail");
        var file = folder.File("mail.db");
        var settings = new Dictionary<string, string?>
        {
            ["Smtp:Enabled"] = "true",
            ["Smtp:Host"] = mail.SmtpHost,
            ["Smtp:Port"] = mail.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Outbox:Enabled"] = "false",
        };
        using (var writer = await StartAsync(file, settings))
        {
            await using var scope = writer.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var ids = scope.ServiceProvider.GetRequiredService<IIdGenerator>();
            var now = TimeProvider.System.GetUtcNow().UtcDateTime;
            for (var i = 0; i < count; i++)
            {
                var id = ids.NewId();
                db.Outbox.Add(new OutboxRecord
                {
                    Id = id,
                    MessageId = $"<{id}.bench@workflows.local>",
                    IdempotencyKey = "bench:" + id,
                    ToJson = $"[\"member{i}@example.net\"]",
                    Template = "taskAssigned",
                    ModelJson = new JsonObject { ["processName"] = "三个责任制年度综合考核", ["taskTitle"] = "分会自评", ["link"] = $"/inbox/tasks/t{i}" }.ToJsonString(),
                    Status = OutboxStatuses.Pending,
                    NextAttemptAt = now,
                    CreatedAt = now,
                });
            }
            await db.SaveChangesAsync();
            await writer.StopAsync();
        }
        SqliteConnection.ClearAllPools();

        settings["Outbox:Enabled"] = "true";
        using var sender = await StartAsync(file, settings);
        var sent = await UntilAsync(sender, async db => await db.Outbox.CountAsync(o => o.Status == OutboxStatuses.Sent) == count, TimeSpan.FromMinutes(30));
        var arrived = (await mail.WaitForMessagesAsync(count, TimeSpan.FromMinutes(1))).Count;
        report.Add($"outbox → maildev, {count:N0} mails (parallelism 4)", count / sent.TotalSeconds, "mails/s");
        report.Add("mails arrived in maildev", arrived, "");

        // The SMTP sender alone, without the outbox's database work: how much of the figure is SMTP.
        var direct = sender.Services.GetRequiredService<IMailSender>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
            await direct.SendAsync(new MailMessageData($"<direct{i}.bench@workflows.local>", [new EmailAddress($"member{i}@example.net", "会员")], "【待办】三个责任制年度综合考核：分会自评", "<p>您有一项新的待办事项。</p>", "您有一项新的待办事项。"), ct));
        report.Add($"sender → maildev directly, {count:N0} mails (4 at once)", count / clock.Elapsed.TotalSeconds, "mails/s");
        await sender.StopAsync();
        SqliteConnection.ClearAllPools();
    }

    private static async Task StartupWithTimersAsync(Report report, int count)
    {
        using var folder = new TempFolder("bench-timers");
        var full = folder.File("timers.db");
        var empty = folder.File("empty.db");
        var settings = new Dictionary<string, string?> { ["Outbox:Enabled"] = "false" };
        var waiting = Def("wait30d", [Act("start", "Elsa.Start"), Act("wait", "Elsa.Delay", ("timeSpan", Lit("30.00:00:00", "TimeSpan"))), WriteLine("after", "到期")],
            [Conn("start", "wait"), Conn("wait", "after")]);
        using (var host = await StartAsync(full, settings))
        {
            await PublishAsync(host, waiting);
            var runtime = host.Services.GetRequiredService<WorkflowRuntime>();
            var fill = Stopwatch.StartNew();
            var next = 0;
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) <= count) await runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "wait30d" });
            })));
            Console.Error.WriteLine($"filled {count:N0} pending timers in {fill.Elapsed.TotalSeconds:N0} s");
            await host.StopAsync();
        }
        using (var host = await StartAsync(empty, settings))
        {
            await PublishAsync(host, waiting);
            await host.StopAsync();
        }
        SqliteConnection.ClearAllPools();

        var emptyMs = await StartupAsync(empty, settings);
        var fullMs = await StartupAsync(full, settings);
        var timersInDb = await CountTimersAsync(full);
        report.Add("start-up to ready (scheduler started, first timer round), empty database", emptyMs, "ms");
        report.Add($"start-up to ready, {timersInDb:N0} pending timers", fullMs, "ms");
        report.Add("ratio: start-up with timers / empty", fullMs / emptyMs, "");
    }

    private static async Task<double> StartupAsync(string file, Dictionary<string, string?> settings)
    {
        var sw = Stopwatch.StartNew();
        using var host = await StartAsync(file, settings);
        await host.Services.GetRequiredService<TimerService>().FireDueAsync(CancellationToken.None);
        var ms = sw.Elapsed.TotalMilliseconds;
        await host.StopAsync();
        SqliteConnection.ClearAllPools();
        return ms;
    }

    private static async Task<int> CountTimersAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM wf_bookmarks WHERE Kind = 'Timer' AND DueAt IS NOT NULL";
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<IHost> StartAsync(string file, Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", ContentRootPath = Path.GetDirectoryName(file)!, DisableDefaults = true });
        var values = new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={file}",
            ["Seed:Folder"] = RepoPaths.Combine("seeds"),
            ["Seed:DemoData"] = "true",
            ["PasswordHasher:IterationCount"] = "1000",
            ["Runtime:CommandPollInterval"] = "00:00:00.100",
            ["Mail:PublicBaseUrl"] = "https://workflow.example.org/",
            ["Smtp:Enabled"] = "false",
            ["Smtp:FromAddress"] = "noreply@workflows.local",
            ["Smtp:EnableStartTls"] = "false",
            ["Outbox:PollInterval"] = "00:00:00.100",
        };
        foreach (var (key, value) in settings) values[key] = value;
        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.AddFilter(level => level >= LogLevel.Warning);
        builder.Services.AddWorkflowRuntime(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddWorkflowOutbox(builder.Configuration);
        builder.Services.AddWorkflowScheduling(builder.Configuration, builder.Environment.ContentRootPath);
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<StartupGate>().WaitAsync(CancellationToken.None);
        if (values.GetValueOrDefault("Scheduling:Enabled") != "false") await host.Services.GetRequiredService<SchedulingService>().Ready;
        return host;
    }

    private static async Task PublishAsync(IHost host, WorkflowDefinition definition)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<DefinitionStore>().SaveAsync(definition.Json, true, "bench", "bench");
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Messages));
    }

    private static async Task<TimeSpan> UntilAsync(IHost host, Func<WorkflowsDbContext, Task<bool>> done, TimeSpan timeout, Stopwatch? since = null)
    {
        var sw = since ?? Stopwatch.StartNew();
        while (true)
        {
            await using (var scope = host.Services.CreateAsyncScope())
                if (await done(scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>())) return sw.Elapsed;
            if (sw.Elapsed > timeout) throw new TimeoutException("The bench step did not finish.");
            await Task.Delay(50);
        }
    }

    private sealed class Branches(int count) : IRunItemsProvider
    {
        public string Name => "benchBranches";

        public Task<IReadOnlyList<RunItem>> GetItemsAsync(IServiceProvider services, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<RunItem>>(Enumerable.Range(1, count)
                .Select(i => new RunItem($"b{i:D5}", $"第{i}分会", new JsonObject { ["BranchId"] = $"b{i:D5}" })).ToList());
    }
}
