using Microsoft.EntityFrameworkCore.Migrations;

namespace Workflows.Runtime.Persistence.Migrations;

/// <summary>
/// Hangfire replaces Quartz: Quartz's QRTZ_* tables go (Hangfire keeps its own store: a file of its own next to the
/// service database, or the schema "hangfire" on PostgreSQL). Nothing in them needs carrying over: the schedules
/// are re-created at start from the configuration, the published definitions and wf_schedule_settings (pauses and
/// cron changes), which stay. A firing Quartz left Running can never be taken over by Hangfire, so it is closed as
/// Interrupted; the yearly run it belonged to starts only what is missing when it runs next (keys per item and year).
/// </summary>
public sealed class M20261202_0010_HangfireReplacesQuartz : ISchemaMigration
{
    /// <summary>Children before parents (Quartz's foreign keys).</summary>
    internal static readonly string[] QuartzTables =
    [
        "QRTZ_FIRED_TRIGGERS", "QRTZ_PAUSED_TRIGGER_GRPS", "QRTZ_SCHEDULER_STATE", "QRTZ_LOCKS", "QRTZ_SIMPLE_TRIGGERS",
        "QRTZ_SIMPROP_TRIGGERS", "QRTZ_CRON_TRIGGERS", "QRTZ_BLOB_TRIGGERS", "QRTZ_TRIGGERS", "QRTZ_JOB_DETAILS", "QRTZ_CALENDARS",
    ];

    string ISchemaMigration.Id => "20261202_0010_hangfire_replaces_quartz";

    public void Up(MigrationBuilder b)
    {
        var postgres = b.ActiveProvider?.Contains("Npgsql", StringComparison.Ordinal) == true;
        foreach (var table in QuartzTables)
        {
            // Quartz's PostgreSQL script makes the names lower case; SQLite does not care.
            b.Sql(postgres ? $"DROP TABLE IF EXISTS {table.ToLowerInvariant()} CASCADE" : $"DROP TABLE IF EXISTS {table}");
        }
        b.Sql("UPDATE wf_schedule_runs SET \"Status\" = 'Interrupted', \"Message\" = '升级到 Hangfire 时中断。 / Interrupted by the upgrade to Hangfire.' WHERE \"Status\" = 'Running'");
    }
}
