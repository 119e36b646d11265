using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Engine.Activities.Builtin;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;
using Workflows.Testing;
using static Workflows.Testing.Wf;

namespace Workflows.Bench;

/// <summary>
/// Issue 4's figures: the inbox list (what GET /api/tasks does: the page, its total and the four tab counts) with
/// 100,000 tasks in the database, p50 and p99 over many users; the query plans of the to-do query; and the time
/// from completing a task to the next task being in its assignee's to-do.
/// </summary>
public static class InboxBench
{
    private static readonly string[] Roles = ["secretariat", "leadershipGroupLeader", "leadershipGroupDeputy", "leadershipGroupMember", "partyCommittee", "standingCouncil", "expert", "branchChair", "memberUnit", "admin"];

    public static async Task RunAsync(Report report, string[] args)
    {
        var taskCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        const int users = 1000;
        using var folder = new TempFolder("bench-inbox");
        var file = folder.File("inbox.db");
        await using var services = await RuntimeBench.BuildAsync(file);

        var fill = Stopwatch.StartNew();
        await FillAsync(services, taskCount, users);
        Console.Error.WriteLine($"filled {taskCount:N0} tasks in {fill.Elapsed.TotalSeconds:N0} s");
        report.Add("tasks in the database", taskCount, "");
        report.Add("of which open", await QueryAsync(services, db => db.Tasks.CountAsync(t => t.Status == TaskStatuses.Open)), "");

        var random = new Random(4);
        var actors = Enumerable.Range(0, users).Select(i => Actor(i)).ToList();
        foreach (var (view, name) in new[] { (InboxView.ToDo, "to-do"), (InboxView.Done, "done"), (InboxView.Started, "started by me"), (InboxView.CarbonCopied, "CC'd to me") })
        {
            var latencies = new List<double>();
            var sizes = new List<int>();
            for (var i = 0; i < 520; i++)
            {
                var actor = actors[random.Next(actors.Count)];
                await using var scope = services.CreateAsyncScope();
                var queries = scope.ServiceProvider.GetRequiredService<TaskQueries>();
                var sw = Stopwatch.StartNew();
                // What GET /api/tasks does: the page with its total, then the other tabs' counts.
                var page = await queries.ListAsync(actor, view, new InboxFilter(), 1, 20, CancellationToken.None);
                await queries.CountsAsync(actor, CancellationToken.None, (view, page.TotalCount));
                sw.Stop();
                if (i >= 20)
                {
                    latencies.Add(sw.Elapsed.TotalMilliseconds);
                    sizes.Add(page.TotalCount);
                }
            }
            report.Add($"inbox list ({name}, page of 20 + total + 4 tab counts), p50", Report.Percentile(latencies, 50), "ms");
            report.Add($"inbox list ({name}, page of 20 + total + 4 tab counts), p99", Report.Percentile(latencies, 99), "ms");
            report.Add($"  items in the {name} view per user, median", Report.Percentile(sizes.Select(s => (double)s).ToList(), 50), "");
        }

        // A filtered to-do (branch + overdue), the heaviest role holder.
        var filtered = new List<double>();
        for (var i = 0; i < 220; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var sw = Stopwatch.StartNew();
            await scope.ServiceProvider.GetRequiredService<TaskQueries>().ListAsync(actors[i % 10], InboxView.ToDo, new InboxFilter(BranchId: $"b{i % 40}", Due: DueState.Overdue), 1, 20, CancellationToken.None);
            if (i >= 20) filtered.Add(sw.Elapsed.TotalMilliseconds);
        }
        report.Add("filtered to-do (branch + overdue), p50", Report.Percentile(filtered, 50), "ms");
        report.Add("filtered to-do (branch + overdue), p99", Report.Percentile(filtered, 99), "ms");

        await ExplainAsync(services, report, actors[3]);
        await CompletionToNextAsync(services, report);
    }

    private static Actor Actor(int i) => new($"u{i:D4}", [Roles[i % Roles.Length]]);

    /// <summary>
    /// Rows in the shapes the inbox writes (open tasks assigned, offered to a role, claimed, offered to several people,
    /// countersign with signer items; completed tasks with their audit records; CC rows), inserted in bulk.
    /// </summary>
    private static async Task FillAsync(ServiceProvider services, int count, int users)
    {
        var random = new Random(20261122);
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var options = new InboxOptions();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            for (var i = 0; i < users; i++)
            {
                var id = $"user-{i}";
                db.Users.Add(new UserRecord { Id = id, UserName = $"u{i:D4}", DisplayName = $"用户{i}", PasswordHash = "-", CreatedAt = now });
                db.UserRoles.Add(new UserRoleRecord { UserId = id, RoleKey = Roles[i % Roles.Length] });
            }
            await db.SaveChangesAsync();
        }

        const int batch = 5000;
        for (var start = 0; start < count; start += batch)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var n = start; n < Math.Min(count, start + batch); n++)
            {
                var created = now - TimeSpan.FromMinutes(random.Next(0, 60 * 24 * 60));
                var due = random.Next(5) == 0 ? (DateTime?)null : created + TimeSpan.FromDays(random.Next(1, 15));
                var user = $"u{random.Next(users):D4}";
                var task = new TaskRecord
                {
                    Id = $"t{n:D7}",
                    InstanceId = $"i{n / 3:D7}",
                    BookmarkId = $"b{n:D7}",
                    ActivityId = $"a{n % 3}",
                    ActivityNodeId = $"w:f:a{n % 3}",
                    DefinitionId = $"def{n % 12}",
                    ProcessName = $"流程{n % 12}",
                    Title = $"审批事项 {n}",
                    StepName = $"环节{n % 3}",
                    AssigneesJson = "[]",
                    OutcomesJson = "[\"Approve\",\"Reject\"]",
                    Status = TaskStatuses.Completed,
                    InitiatedBy = $"u{random.Next(users):D4}",
                    BranchId = $"b{n % 40}",
                    ContextJson = $"{{\"branchId\":\"b{n % 40}\",\"branchName\":\"分会{n % 40}\"}}",
                    CreatedAt = created,
                    DueAt = due,
                    WarnAt = DueStates.WarnAt(created, due, options),
                };
                var open = random.Next(4) == 0;
                if (!open)
                {
                    (task.Assignee, task.AssigneesJson, task.CompletedBy, task.CompletedAt, task.Outcome) = (user, $"[\"{user}\"]", user, created + TimeSpan.FromHours(5), "Approve");
                    db.Audit().Add(new AuditRecord { InstanceId = task.InstanceId, TaskId = task.Id, Action = AuditActions.Complete, Actor = user, At = created + TimeSpan.FromHours(5), Outcome = "Approve" });
                }
                else
                {
                    task.Status = TaskStatuses.Open;
                    switch (random.Next(10))
                    {
                        case < 4:
                            (task.Assignee, task.AssigneesJson) = (user, $"[\"{user}\"]");
                            break;
                        case < 7:
                            task.CandidateRole = Roles[random.Next(Roles.Length)];
                            break;
                        case 7:
                            (task.CandidateRole, task.Assignee) = (Roles[random.Next(Roles.Length)], user);
                            break;
                        case 8:
                        {
                            var pool = Enumerable.Range(0, 3).Select(_ => $"u{random.Next(users):D4}").Distinct().ToList();
                            task.AssigneesJson = "[" + string.Join(",", pool.Select(p => $"\"{p}\"")) + "]";
                            if (pool.Count > 1) db.Candidates().AddRange(pool.Select(p => new CandidateRecord { TaskId = task.Id, UserName = p }));
                            else task.Assignee = pool[0];
                            break;
                        }
                        default:
                        {
                            var signers = Enumerable.Range(0, 3).Select(_ => $"u{random.Next(users):D4}").Distinct().ToList();
                            task.CountersignJson = "{\"mode\":\"all\"}";
                            task.AssigneesJson = "[" + string.Join(",", signers.Select(p => $"\"{p}\"")) + "]";
                            for (var s = 0; s < signers.Count; s++)
                            {
                                db.Signers().Add(new SignerRecord
                                {
                                    Id = $"{task.Id}-s{s}", TaskId = task.Id, InstanceId = task.InstanceId, UserName = signers[s], Sequence = s + 1,
                                    Status = s == 0 ? SignerStatuses.Signed : SignerStatuses.Pending, Decision = s == 0 ? "Approve" : null, CreatedAt = created,
                                });
                            }
                            break;
                        }
                    }
                }
                if (random.Next(20) == 0)
                    db.CarbonCopies().Add(new CarbonCopyRecord { Id = $"cc{n}", TaskId = task.Id, InstanceId = task.InstanceId, UserName = $"u{random.Next(users):D4}", CopiedBy = user, CreatedAt = created });
                db.Tasks.Add(task);
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }
    }

    /// <summary>EXPLAIN QUERY PLAN of the to-do page query and its count, as SQLite runs them (indexes named in each step).</summary>
    private static async Task ExplainAsync(ServiceProvider services, Report report, Actor actor)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var queries = scope.ServiceProvider.GetRequiredService<TaskQueries>();
        var todo = queries.View(InboxView.ToDo, actor);
        var plans = new (string Name, IQueryable Query)[]
        {
            ("to-do page", todo.OrderByDescending(t => t.Priority).ThenBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenByDescending(t => t.CreatedAt).Take(20)),
            ("done page", queries.View(InboxView.Done, actor).OrderByDescending(t => t.CompletedAt).Take(20)),
            ("started page", queries.View(InboxView.Started, actor).OrderByDescending(t => t.CreatedAt).Take(20)),
            ("CC page", queries.View(InboxView.CarbonCopied, actor).OrderByDescending(t => t.CreatedAt).Take(20)),
            ("to-do filtered by process, branch and overdue", queries.Filter(todo, new InboxFilter("def3", "b3", DueState.Overdue)).OrderByDescending(t => t.CreatedAt).Take(20)),
        };
        await db.Database.OpenConnectionAsync();
        foreach (var (name, query) in plans)
        {
            await using var command = query.CreateDbCommand();
            command.Connection = db.Database.GetDbConnection();
            command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
            var lines = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync()) lines.Add(reader.GetString(3));
            }
            var scans = lines.Where(l => l.StartsWith("SCAN", StringComparison.Ordinal) && !l.Contains("INDEX", StringComparison.Ordinal) && !l.Contains("json_each", StringComparison.Ordinal)).ToList();
            Console.Error.WriteLine($"-- plan of the {name} query:\n   " + string.Join("\n   ", lines));
            report.Add($"plan: {name}", string.Join("; ", lines).Replace("|", "/", StringComparison.Ordinal));
            report.Add($"plan: {name} — table scans without an index", scans.Count == 0 ? "none" : string.Join("; ", scans));
        }
        await db.Database.CloseConnectionAsync();
    }

    /// <summary>Task N is completed by its assignee; the clock stops when task N+1 is in the next assignee's to-do.</summary>
    private static async Task CompletionToNextAsync(ServiceProvider services, Report report)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<DefinitionStore>();
            JsonObject Step(string id, string user) => Act(id, HumanTaskActivity.TypeName, ("title", Lit($"接力审批 {id}")), ("assignee", Lit(user)),
                ("outcomes", Obj("[\"Approve\"]", "String[]")), ("dueIn", Lit("3.00:00:00", "TimeSpan")));
            var result = await store.SaveAsync(Def("relay", [Act("start", "Elsa.Start"), Step("a", "u0001"), Step("b", "u0002")],
                [Conn("start", "a"), Conn("a", "b", "Approve"), Conn("b", "a", "Approve")]).Json, true, "bench", "bench");
            if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Messages));
        }
        var runtime = services.GetRequiredService<WorkflowRuntime>();
        var instanceId = (await runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "relay", InitiatedBy = "u0003" })).InstanceId!;
        var latencies = new List<double>();
        for (var i = 0; i < 320; i++)
        {
            var (holder, next) = i % 2 == 0 ? (Actor(1), Actor(2)) : (Actor(2), Actor(1));
            var current = await QueryAsync(services, db => db.Tasks.AsNoTracking().FirstAsync(t => t.InstanceId == instanceId && t.Status == TaskStatuses.Open));
            var sw = Stopwatch.StartNew();
            await using (var scope = services.CreateAsyncScope())
            {
                var result = await scope.ServiceProvider.GetRequiredService<CompleteTask>()
                    .ExecuteAsync(new CompleteTaskRequest(current.Id, "Approve", null, null), holder, CancellationToken.None);
                if (!result.Succeeded) throw new InvalidOperationException(result.Message);
            }
            // The to-do list as the assignee asks for it, narrowed to this process (their other tasks may fill page one).
            for (var poll = 0; ; poll++)
            {
                if (poll == 1000) throw new InvalidOperationException("The next task never appeared in the to-do list.");
                await using var scope = services.CreateAsyncScope();
                var page = await scope.ServiceProvider.GetRequiredService<TaskQueries>().ListAsync(next, InboxView.ToDo, new InboxFilter(DefinitionId: "relay"), 1, 20, CancellationToken.None);
                if (page.Items.Any(t => t.InstanceId == instanceId)) break;
            }
            sw.Stop();
            if (i >= 20) latencies.Add(sw.Elapsed.TotalMilliseconds);
        }
        report.Add("complete a task → next task in the next assignee's to-do, p50", Report.Percentile(latencies, 50), "ms");
        report.Add("complete a task → next task in the next assignee's to-do, p99", Report.Percentile(latencies, 99), "ms");
    }

    private static async Task<T> QueryAsync<T>(ServiceProvider services, Func<WorkflowsDbContext, Task<T>> query)
    {
        await using var scope = services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>());
    }
}
