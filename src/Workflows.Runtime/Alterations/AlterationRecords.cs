using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Alterations;

/// <summary>
/// A submitted alteration plan (elsa-core src/modules/Elsa.Alterations.Core/Entities/AlterationPlan.cs): the
/// alterations and the instance filter as Elsa's JSON, who submitted it and why. It runs as a durable job: one
/// <see cref="AlterationJobRecord"/> per instance, each done in the transaction of the alteration it records.
/// </summary>
public sealed class AlterationPlanRecord
{
    public required string Id { get; set; }

    /// <summary>Pending, Generating, Running, Paused, Completed, Failed (Elsa's AlterationPlanStatus plus Paused).</summary>
    public required string Status { get; set; }
    public required string AlterationsJson { get; set; }
    public required string FilterJson { get; set; }

    /// <summary>A bulk action of the instances page (Cancel, Retry, Migrate, Delete) or null for an Elsa plan.</summary>
    public string? Kind { get; set; }
    public required string CreatedBy { get; set; }
    public string? Reason { get; set; }

    /// <summary>Instances the filter selected when the jobs were generated (progress counts the job rows).</summary>
    public int Total { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public long Revision { get; set; }
}

/// <summary>One instance of a plan (elsa-core src/modules/Elsa.Alterations.Core/Entities/AlterationJob.cs).</summary>
public sealed class AlterationJobRecord
{
    public required string Id { get; set; }
    public required string PlanId { get; set; }
    public required string InstanceId { get; set; }

    /// <summary>Pending, Running, Completed, Failed (Elsa's AlterationJobStatus).</summary>
    public required string Status { get; set; }

    /// <summary>JSON array of Elsa's AlterationLogEntry: {message, logLevel, timestamp, eventName}.</summary>
    public string? LogJson { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
}

public static class AlterationStatuses
{
    public const string Pending = "Pending";
    public const string Generating = "Generating";
    public const string Running = "Running";
    public const string Paused = "Paused";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
}

public static class AlterationModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<AlterationPlanRecord>(e =>
        {
            e.ToTable("wf_alteration_plans");
            e.HasKey(x => x.Id).HasName("PK_wf_alteration_plans");
            e.Property(x => x.Id).HasMaxLength(RuntimeModel.IdLength);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Kind).HasMaxLength(16);
            e.Property(x => x.CreatedBy).HasMaxLength(RuntimeModel.NameLength);
            e.Property(x => x.Reason).HasMaxLength(1024);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => x.Status).HasDatabaseName("IX_wf_alteration_plans_Status");
        });
        b.Entity<AlterationJobRecord>(e =>
        {
            e.ToTable("wf_alteration_jobs");
            e.HasKey(x => x.Id).HasName("PK_wf_alteration_jobs");
            e.Property(x => x.Id).HasMaxLength(RuntimeModel.IdLength);
            e.Property(x => x.PlanId).HasMaxLength(RuntimeModel.IdLength);
            e.Property(x => x.InstanceId).HasMaxLength(RuntimeModel.IdLength);
            e.Property(x => x.Status).HasMaxLength(16);
            // A plan alters an instance once: a generation interrupted and redone cannot add it twice.
            e.HasIndex(x => new { x.PlanId, x.InstanceId }).IsUnique().HasDatabaseName("IX_wf_alteration_jobs_PlanId_InstanceId");
            e.HasIndex(x => new { x.PlanId, x.Status }).HasDatabaseName("IX_wf_alteration_jobs_PlanId_Status");
        });
    }
}
