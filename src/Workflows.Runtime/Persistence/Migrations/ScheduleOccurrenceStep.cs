using Microsoft.EntityFrameworkCore.Migrations;
using Workflows.Runtime.Scheduling;

namespace Workflows.Runtime.Persistence.Migrations;

/// <summary>
/// wf_schedule_runs."Occurrence" with its unique index per schedule: one live firing per tick is a database
/// guarantee (two nodes that both checked "has this tick fired?" cannot both insert). One definition for both
/// migration paths: the hand-written step of runtime-only hosts and the EF migration of both providers.
/// </summary>
public static class ScheduleOccurrenceStep
{
    /// <summary>The name part of the EF migrations (their ids start with a timestamp of their own per provider).</summary>
    public const string EfMigrationName = "ScheduleRunOccurrence";

    public static void Up(MigrationBuilder b)
    {
        b.AddColumn<DateTime>("Occurrence", "wf_schedule_runs", nullable: true);
        Backfill(b);
        b.CreateIndex(SchedulingModel.OccurrenceIndex, "wf_schedule_runs", ["ScheduleKey", "Occurrence"], unique: true);
    }

    /// <summary>
    /// Rows written before: every row that was not interrupted holds its tick, but a tick fired twice in the past
    /// (two nodes before this guarantee) keeps it on its earliest firing only, so the index can be made.
    /// </summary>
    public static void Backfill(MigrationBuilder b) => b.Sql("""
        UPDATE wf_schedule_runs SET "Occurrence" = "ScheduledFireAt"
        WHERE "Status" <> 'Interrupted' AND "ScheduledFireAt" IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM wf_schedule_runs o
                          WHERE o."ScheduleKey" = wf_schedule_runs."ScheduleKey" AND o."ScheduledFireAt" = wf_schedule_runs."ScheduledFireAt"
                            AND o."Status" <> 'Interrupted'
                            AND (o."FiredAt" < wf_schedule_runs."FiredAt" OR (o."FiredAt" = wf_schedule_runs."FiredAt" AND o."Id" < wf_schedule_runs."Id")))
        """);
}

/// <summary>The hand-written twin of the EF migration <see cref="ScheduleOccurrenceStep.EfMigrationName"/>.</summary>
public sealed class M20261202_0050_ScheduleOccurrence : ISchemaMigration
{
    string ISchemaMigration.Id => "20261202_0050_schedule_occurrence";

    string? ISchemaMigration.EfTwin => ScheduleOccurrenceStep.EfMigrationName;

    public void Up(MigrationBuilder b) => ScheduleOccurrenceStep.Up(b);
}
