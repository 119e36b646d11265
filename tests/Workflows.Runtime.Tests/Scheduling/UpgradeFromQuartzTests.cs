using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Scheduling;
using Workflows.Runtime.Tests.Support;
using Workflows.Testing;
using static Workflows.Testing.Wf;

namespace Workflows.Runtime.Tests.Scheduling;

/// <summary>
/// A database as the Quartz version (main before this change) leaves it: every migration up to 20261122_0041, the
/// QRTZ_* tables Quartz provisioned with its jobs and triggers in them, a firing Quartz left Running, and no Hangfire
/// file. The Hangfire version migrates it forward: QRTZ_* go, instances, tasks and mails stay, and the schedules are
/// re-created from the configuration, the published definitions and the secretariat's settings.
/// </summary>
public sealed class UpgradeFromQuartzTests
{
    private static Dictionary<string, string?> Settings() => new()
    {
        ["Scheduling:Runs:0:Name"] = "announce",
        ["Scheduling:Runs:0:DefinitionId"] = "announce-test",
        ["Scheduling:Runs:0:Cron"] = "0 0 9 1 12 ?",
        ["Scheduling:Runs:0:Period"] = RunPeriods.CurrentYear,
        ["Scheduling:Runs:1:Name"] = "yearly",
        ["Scheduling:Runs:1:DefinitionId"] = "announce-test",
        ["Scheduling:Runs:1:Cron"] = "0 0 9 5 1 ?",
        ["Scheduling:Runs:1:Period"] = RunPeriods.PreviousYear,
    };

    [Fact]
    public async Task QuartzDatabase_Upgraded_KeepsInstancesTasksMailsAndSchedules()
    {
        using var folder = new TempFolder("upgrade");
        var file = folder.File("wf.db");
        (int Instances, int Tasks, int Mails) before;
        await using (var host = await ServiceHost.StartAsync(file, Settings()))
        {
            await host.PublishAsync(CronDefinitions.Ticking("upgrade-cron", "0 0 8 * * ?"));
            var task = HumanTask("t", "限期审批", "leadershipGroupMember");
            task.Remove("candidateRole");
            task["assignee"] = Lit("chengyuan1");
            task["dueIn"] = Lit("00:00:01", "TimeSpan");
            task["escalateTo"] = Lit("zuzhang");
            await host.PublishAsync(Def("announce-test", [Act("start", "Elsa.Start"), task], [Conn("start", "t")]));
            await host.WithScopeAsync(sp => sp.GetRequiredService<WorkflowRuntime>().StartAsync(new StartWorkflowRequest { DefinitionId = "announce-test" }));
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            await host.WithScopeAsync(sp => sp.GetRequiredService<Workflows.Runtime.Inbox.TaskDeadlines>().ProcessAsync(TimeProvider.System.GetUtcNow(), CancellationToken.None));
            // The secretariat paused one run and moved the other.
            await host.WithScopeAsync(sp => sp.GetRequiredService<ScheduleAdmin>().PauseAsync("runs/announce", "mishu1", CancellationToken.None));
            await host.WithScopeAsync(sp => sp.GetRequiredService<ScheduleAdmin>().UpdateCronAsync("runs/yearly", "0 30 10 8 1 ?", "mishu1", CancellationToken.None));
            before = await CountsAsync(host);
            Assert.True(before is { Instances: > 0, Tasks: > 0, Mails: > 0 }, $"nothing to carry over: {before}");
        }

        await MakeItTheQuartzVersionsAsync(file);

        await using var upgraded = await ServiceHost.StartAsync(file, Settings());
        Assert.Equal(before, await CountsAsync(upgraded));
        Assert.Empty(await TablesAsync(file, "QRTZ_%"));
        var scheduler = upgraded.Services.GetRequiredService<WorkflowScheduler>();
        Assert.Null(scheduler.GetRecurringJob(ScheduleKey.ForRun("announce")));
        Assert.Equal("0 30 10 8 1 ?", scheduler.GetRecurringJob(ScheduleKey.ForRun("yearly"))!.Cron);
        Assert.Equal("0 0 8 * * ?", scheduler.GetRecurringJob(ScheduleKey.ForWorkflowCron("upgrade-cron", CronDefinitions.TriggerId))!.Cron);
        Assert.NotNull(scheduler.GetRecurringJob(ScheduleKey.ForSystem(ScheduleNames.TaskDeadlines)));
        var views = await upgraded.WithScopeAsync(sp => sp.GetRequiredService<ScheduleAdmin>().ListAsync(CancellationToken.None));
        Assert.True(Assert.Single(views, v => v.Entry.Key.ToString() == "runs/announce").Entry.IsPaused);
        var quartzRun = Assert.Single(await upgraded.RunsAsync("runs/yearly"));
        Assert.Equal(ScheduleRunStatuses.Interrupted, quartzRun.Status);
    }

    private static Task<(int Instances, int Tasks, int Mails)> CountsAsync(ServiceHost host) =>
        host.QueryAsync(async db => (await db.Instances.CountAsync(), await db.Tasks.CountAsync(), await db.Outbox.CountAsync()));

    /// <summary>Undo this change's migration and put back what Quartz kept in the database (its SQLite schema, with rows).</summary>
    private static async Task MakeItTheQuartzVersionsAsync(string file)
    {
        File.Delete(Path.Combine(Path.GetDirectoryName(file)!, "wf.hangfire.db"));
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM "__schema_history" WHERE "Id" = '20261202_0010_hangfire_replaces_quartz';
            CREATE TABLE QRTZ_JOB_DETAILS (SCHED_NAME NVARCHAR(120) NOT NULL, JOB_NAME NVARCHAR(150) NOT NULL, JOB_GROUP NVARCHAR(150) NOT NULL, DESCRIPTION NVARCHAR(250) NULL, JOB_CLASS_NAME NVARCHAR(250) NOT NULL, IS_DURABLE BIT NOT NULL, IS_NONCONCURRENT BIT NOT NULL, IS_UPDATE_DATA BIT NOT NULL, REQUESTS_RECOVERY BIT NOT NULL, JOB_DATA BLOB NULL, PRIMARY KEY (SCHED_NAME,JOB_NAME,JOB_GROUP));
            CREATE TABLE QRTZ_TRIGGERS (SCHED_NAME NVARCHAR(120) NOT NULL, TRIGGER_NAME NVARCHAR(150) NOT NULL, TRIGGER_GROUP NVARCHAR(150) NOT NULL, JOB_NAME NVARCHAR(150) NOT NULL, JOB_GROUP NVARCHAR(150) NOT NULL, DESCRIPTION NVARCHAR(250) NULL, NEXT_FIRE_TIME BIGINT NULL, PREV_FIRE_TIME BIGINT NULL, PRIORITY INTEGER NULL, TRIGGER_STATE NVARCHAR(16) NOT NULL, TRIGGER_TYPE NVARCHAR(8) NOT NULL, START_TIME BIGINT NOT NULL, END_TIME BIGINT NULL, CALENDAR_NAME NVARCHAR(200) NULL, MISFIRE_INSTR INTEGER NULL, JOB_DATA BLOB NULL, PRIMARY KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP), FOREIGN KEY (SCHED_NAME,JOB_NAME,JOB_GROUP) REFERENCES QRTZ_JOB_DETAILS(SCHED_NAME,JOB_NAME,JOB_GROUP));
            CREATE TABLE QRTZ_SIMPLE_TRIGGERS (SCHED_NAME NVARCHAR(120) NOT NULL, TRIGGER_NAME NVARCHAR(150) NOT NULL, TRIGGER_GROUP NVARCHAR(150) NOT NULL, REPEAT_COUNT BIGINT NOT NULL, REPEAT_INTERVAL BIGINT NOT NULL, TIMES_TRIGGERED BIGINT NOT NULL, PRIMARY KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP), FOREIGN KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) REFERENCES QRTZ_TRIGGERS(SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) ON DELETE CASCADE);
            CREATE TABLE QRTZ_SIMPROP_TRIGGERS (SCHED_NAME NVARCHAR(120) NOT NULL, TRIGGER_NAME NVARCHAR(150) NOT NULL, TRIGGER_GROUP NVARCHAR(150) NOT NULL, STR_PROP_1 NVARCHAR(512) NULL, STR_PROP_2 NVARCHAR(512) NULL, STR_PROP_3 NVARCHAR(512) NULL, INT_PROP_1 INT NULL, INT_PROP_2 INT NULL, LONG_PROP_1 BIGINT NULL, LONG_PROP_2 BIGINT NULL, DEC_PROP_1 NUMERIC NULL, DEC_PROP_2 NUMERIC NULL, BOOL_PROP_1 BIT NULL, BOOL_PROP_2 BIT NULL, TIME_ZONE_ID NVARCHAR(80) NULL, PRIMARY KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP), FOREIGN KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) REFERENCES QRTZ_TRIGGERS(SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) ON DELETE CASCADE);
            CREATE TABLE QRTZ_CRON_TRIGGERS (SCHED_NAME NVARCHAR(120) NOT NULL, TRIGGER_NAME NVARCHAR(150) NOT NULL, TRIGGER_GROUP NVARCHAR(150) NOT NULL, CRON_EXPRESSION NVARCHAR(250) NOT NULL, TIME_ZONE_ID NVARCHAR(80), PRIMARY KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP), FOREIGN KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) REFERENCES QRTZ_TRIGGERS(SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) ON DELETE CASCADE);
            CREATE TABLE QRTZ_BLOB_TRIGGERS (SCHED_NAME NVARCHAR(120) NOT NULL, TRIGGER_NAME NVARCHAR(150) NOT NULL, TRIGGER_GROUP NVARCHAR(150) NOT NULL, BLOB_DATA BLOB NULL, PRIMARY KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP), FOREIGN KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) REFERENCES QRTZ_TRIGGERS(SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) ON DELETE CASCADE);
            CREATE TABLE QRTZ_CALENDARS (SCHED_NAME NVARCHAR(120) NOT NULL, CALENDAR_NAME NVARCHAR(200) NOT NULL, CALENDAR BLOB NOT NULL, PRIMARY KEY (SCHED_NAME,CALENDAR_NAME));
            CREATE TABLE QRTZ_PAUSED_TRIGGER_GRPS (SCHED_NAME NVARCHAR(120) NOT NULL, TRIGGER_GROUP NVARCHAR(150) NOT NULL, PRIMARY KEY (SCHED_NAME,TRIGGER_GROUP));
            CREATE TABLE QRTZ_FIRED_TRIGGERS (SCHED_NAME NVARCHAR(120) NOT NULL, ENTRY_ID NVARCHAR(140) NOT NULL, TRIGGER_NAME NVARCHAR(150) NOT NULL, TRIGGER_GROUP NVARCHAR(150) NOT NULL, INSTANCE_NAME NVARCHAR(200) NOT NULL, FIRED_TIME BIGINT NOT NULL, SCHED_TIME BIGINT NOT NULL, PRIORITY INTEGER NOT NULL, STATE NVARCHAR(16) NOT NULL, JOB_NAME NVARCHAR(150) NULL, JOB_GROUP NVARCHAR(150) NULL, IS_NONCONCURRENT BIT NULL, REQUESTS_RECOVERY BIT NULL, PRIMARY KEY (SCHED_NAME,ENTRY_ID));
            CREATE TABLE QRTZ_SCHEDULER_STATE (SCHED_NAME NVARCHAR(120) NOT NULL, INSTANCE_NAME NVARCHAR(200) NOT NULL, LAST_CHECKIN_TIME BIGINT NOT NULL, CHECKIN_INTERVAL BIGINT NOT NULL, PRIMARY KEY (SCHED_NAME,INSTANCE_NAME));
            CREATE TABLE QRTZ_LOCKS (SCHED_NAME NVARCHAR(120) NOT NULL, LOCK_NAME NVARCHAR(40) NOT NULL, PRIMARY KEY (SCHED_NAME,LOCK_NAME));
            INSERT INTO QRTZ_JOB_DETAILS VALUES ('workflows', 'yearly', 'runs', 'yearly', 'Workflows.Runtime.Scheduling.ScheduledRunJob, Workflows.Runtime', 1, 1, 0, 1, '{"run":"yearly"}');
            INSERT INTO QRTZ_TRIGGERS VALUES ('workflows', 'yearly', 'runs', 'yearly', 'runs', 'yearly', 639000000000000000, NULL, 5, 'WAITING', 'CRON', 638000000000000000, NULL, NULL, 1, NULL);
            INSERT INTO QRTZ_CRON_TRIGGERS VALUES ('workflows', 'yearly', 'runs', '0 30 10 8 1 ?', 'Asia/Shanghai');
            INSERT INTO QRTZ_LOCKS VALUES ('workflows', 'TRIGGER_ACCESS');
            INSERT INTO QRTZ_FIRED_TRIGGERS VALUES ('workflows', 'NON_CLUSTERED1', 'yearly', 'runs', 'NON_CLUSTERED', 638990000000000000, 638990000000000000, 5, 'EXECUTING', 'yearly', 'runs', 1, 1);
            INSERT INTO wf_schedule_runs ("Id", "ScheduleKey", "FireInstanceId", "ScheduledFireAt", "FiredAt", "Status", "Total", "Started", "Existing", "Failed", "IsRecovery", "Node")
                VALUES ('quartz-run-1', 'runs/yearly', 'NON_CLUSTERED1', '2026-01-05 01:00:00', '2026-01-05 01:00:00', 'Running', 0, 0, 0, 0, 0, 'NON_CLUSTERED');
            """;
        await command.ExecuteNonQueryAsync();
        Assert.Equal(11, (await TablesAsync(file, "QRTZ_%")).Count);
    }

    private static async Task<List<string>> TablesAsync(string file, string like)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE $like";
        command.Parameters.AddWithValue("$like", like);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }
}
