using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Scheduling;

/// <summary>The scheduler's own tables in the service database (Hangfire keeps its tables in its own store). Index names are fixed for the migration.</summary>
public static class SchedulingModel
{
    public const int KeyLength = 200;
    public const string OccurrenceIndex = "IX_wf_schedule_runs_ScheduleKey_Occurrence";

    public static void Configure(ModelBuilder b)
    {
        b.Entity<ScheduleSettingRecord>(e =>
        {
            e.ToTable("wf_schedule_settings");
            e.HasKey(x => x.Key).HasName("PK_wf_schedule_settings");
            e.Property(x => x.Key).HasMaxLength(KeyLength);
            e.Property(x => x.CronExpression).HasMaxLength(RuntimeModel.NameLength);
            e.Property(x => x.UpdatedBy).HasMaxLength(RuntimeModel.NameLength);
        });

        b.Entity<ScheduleRunRecord>(e =>
        {
            e.ToTable("wf_schedule_runs");
            e.HasKey(x => x.Id).HasName("PK_wf_schedule_runs");
            e.Property(x => x.Id).HasMaxLength(RuntimeModel.IdLength);
            e.Property(x => x.ScheduleKey).HasMaxLength(KeyLength);
            e.Property(x => x.FireInstanceId).HasMaxLength(KeyLength);
            e.Property(x => x.Status).HasMaxLength(32);
            e.Property(x => x.Period).HasMaxLength(64);
            e.Property(x => x.RequestedBy).HasMaxLength(RuntimeModel.NameLength);
            e.Property(x => x.Node).HasMaxLength(RuntimeModel.NameLength);
            e.HasIndex(x => x.FireInstanceId).IsUnique().HasDatabaseName("IX_wf_schedule_runs_FireInstanceId");
            e.HasIndex(x => new { x.ScheduleKey, x.FiredAt }).HasDatabaseName("IX_wf_schedule_runs_ScheduleKey_FiredAt");
            e.HasIndex(x => x.FiredAt).HasDatabaseName("IX_wf_schedule_runs_FiredAt");
            // Once per occurrence as a database guarantee (NULLs, the interrupted rows, do not collide).
            e.HasIndex(x => new { x.ScheduleKey, x.Occurrence }).IsUnique().HasDatabaseName(OccurrenceIndex);
        });
    }
}
