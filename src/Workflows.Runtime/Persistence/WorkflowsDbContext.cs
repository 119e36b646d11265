using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Workflows.Runtime.Persistence;

/// <summary>
/// Lets a module (the Association's domain) add its entities to the one context, so that a burst and the domain
/// changes it makes commit in one transaction.
/// </summary>
public interface IModelContributor
{
    /// <summary>A stable name; it becomes part of EF's model cache key.</summary>
    string Name { get; }

    void Configure(ModelBuilder modelBuilder);
}

public sealed class WorkflowsDbContext(DbContextOptions<WorkflowsDbContext> options, IEnumerable<IModelContributor> contributors) : DbContext(options)
{
    private readonly IReadOnlyList<IModelContributor> _contributors = contributors.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

    internal string ModelKey => string.Join("|", _contributors.Select(c => c.Name));

    public DbSet<DefinitionRecord> Definitions => Set<DefinitionRecord>();
    public DbSet<DefinitionSnapshotRecord> DefinitionSnapshots => Set<DefinitionSnapshotRecord>();
    public DbSet<InstanceRecord> Instances => Set<InstanceRecord>();
    public DbSet<BookmarkRecord> Bookmarks => Set<BookmarkRecord>();
    public DbSet<CommandRecord> Commands => Set<CommandRecord>();
    public DbSet<JournalRecord> Journal => Set<JournalRecord>();
    public DbSet<TaskRecord> Tasks => Set<TaskRecord>();
    public DbSet<OutboxRecord> Outbox => Set<OutboxRecord>();
    public DbSet<UserRecord> Users => Set<UserRecord>();
    public DbSet<UserRoleRecord> UserRoles => Set<UserRoleRecord>();
    public DbSet<RoleRecord> Roles => Set<RoleRecord>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.ReplaceService<IModelCacheKeyFactory, ContributorAwareModelCacheKeyFactory>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite hands DateTime back as Unspecified and Npgsql refuses anything but UTC for timestamptz:
        // everything is UTC, so say so on the way in and out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        RuntimeModel.Configure(modelBuilder);
        foreach (var contributor in _contributors) contributor.Configure(modelBuilder);
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class ContributorAwareModelCacheKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) =>
            (context.GetType(), (context as WorkflowsDbContext)?.ModelKey ?? "", designTime);
    }
}

/// <summary>The runtime's tables. Index names are fixed so the hand-written migrations can name them too.</summary>
public static class RuntimeModel
{
    public const int IdLength = 64;
    public const int NameLength = 256;
    public const int KeyLength = 200;

    public static void Configure(ModelBuilder b)
    {
        b.Entity<DefinitionRecord>(e =>
        {
            e.ToTable("wf_definitions");
            e.HasKey(x => x.Id).HasName("PK_wf_definitions");
            e.Property(x => x.Id).HasMaxLength(IdLength);
            e.Property(x => x.DefinitionId).HasMaxLength(IdLength);
            e.Property(x => x.Name).HasMaxLength(NameLength);
            e.Property(x => x.Source).HasMaxLength(NameLength);
            e.Property(x => x.SourceHash).HasMaxLength(IdLength);
            e.Property(x => x.CreatedBy).HasMaxLength(NameLength);
            e.HasIndex(x => new { x.DefinitionId, x.Version }).IsUnique().HasDatabaseName("IX_wf_definitions_DefinitionId_Version");
            e.HasIndex(x => new { x.IsLatest, x.Name }).HasDatabaseName("IX_wf_definitions_IsLatest_Name");
        });

        b.Entity<DefinitionSnapshotRecord>(e =>
        {
            e.ToTable("wf_definition_snapshots");
            e.HasKey(x => x.Hash).HasName("PK_wf_definition_snapshots");
            e.Property(x => x.Hash).HasMaxLength(IdLength);
        });

        b.Entity<InstanceRecord>(e =>
        {
            e.ToTable("wf_instances");
            e.HasKey(x => x.Id).HasName("PK_wf_instances");
            e.Property(x => x.Id).HasMaxLength(IdLength);
            e.Property(x => x.DefinitionId).HasMaxLength(IdLength);
            e.Property(x => x.DefinitionVersionId).HasMaxLength(IdLength);
            e.Property(x => x.SnapshotHash).HasMaxLength(IdLength);
            e.Property(x => x.Name).HasMaxLength(NameLength);
            e.Property(x => x.CorrelationId).HasMaxLength(KeyLength);
            e.Property(x => x.Status).HasMaxLength(32);
            e.Property(x => x.SubStatus).HasMaxLength(32);
            e.Property(x => x.ParentInstanceId).HasMaxLength(IdLength);
            e.Property(x => x.ParentBookmarkId).HasMaxLength(IdLength);
            e.Property(x => x.IdempotencyKey).HasMaxLength(KeyLength);
            e.Property(x => x.InitiatedBy).HasMaxLength(NameLength);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => x.IdempotencyKey).IsUnique().HasDatabaseName("IX_wf_instances_IdempotencyKey");
            e.HasIndex(x => new { x.DefinitionId, x.Status }).HasDatabaseName("IX_wf_instances_DefinitionId_Status");
            e.HasIndex(x => new { x.Status, x.SubStatus }).HasDatabaseName("IX_wf_instances_Status_SubStatus");
            e.HasIndex(x => x.CorrelationId).HasDatabaseName("IX_wf_instances_CorrelationId");
            e.HasIndex(x => x.ParentInstanceId).HasDatabaseName("IX_wf_instances_ParentInstanceId");
            e.HasIndex(x => x.CreatedAt).HasDatabaseName("IX_wf_instances_CreatedAt");
        });

        b.Entity<BookmarkRecord>(e =>
        {
            e.ToTable("wf_bookmarks");
            e.HasKey(x => x.Id).HasName("PK_wf_bookmarks");
            e.Property(x => x.Id).HasMaxLength(IdLength);
            e.Property(x => x.InstanceId).HasMaxLength(IdLength);
            e.Property(x => x.Kind).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(KeyLength);
            e.Property(x => x.CorrelationId).HasMaxLength(KeyLength);
            e.Property(x => x.ActivityId).HasMaxLength(IdLength);
            e.Property(x => x.ActivityNodeId).HasMaxLength(1024);
            e.Property(x => x.ActivityType).HasMaxLength(NameLength);
            e.HasIndex(x => x.InstanceId).HasDatabaseName("IX_wf_bookmarks_InstanceId");
            e.HasIndex(x => new { x.Kind, x.DueAt }).HasDatabaseName("IX_wf_bookmarks_Kind_DueAt");
            e.HasIndex(x => new { x.Kind, x.Name }).HasDatabaseName("IX_wf_bookmarks_Kind_Name");
        });

        b.Entity<CommandRecord>(e =>
        {
            e.ToTable("wf_commands");
            e.HasKey(x => x.Id).HasName("PK_wf_commands");
            e.Property(x => x.Id).HasMaxLength(IdLength);
            e.Property(x => x.InstanceId).HasMaxLength(IdLength);
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.BookmarkId).HasMaxLength(IdLength);
            e.Property(x => x.IdempotencyKey).HasMaxLength(KeyLength);
            e.HasIndex(x => x.AvailableAt).HasDatabaseName("IX_wf_commands_AvailableAt");
            e.HasIndex(x => x.InstanceId).HasDatabaseName("IX_wf_commands_InstanceId");
            e.HasIndex(x => x.IdempotencyKey).IsUnique().HasDatabaseName("IX_wf_commands_IdempotencyKey");
        });

        b.Entity<JournalRecord>(e =>
        {
            e.ToTable("wf_journal");
            e.HasKey(x => new { x.InstanceId, x.Sequence }).HasName("PK_wf_journal");
            e.Property(x => x.InstanceId).HasMaxLength(IdLength);
            e.Property(x => x.ActivityExecutionId).HasMaxLength(IdLength);
            e.Property(x => x.ParentActivityExecutionId).HasMaxLength(IdLength);
            e.Property(x => x.ActivityId).HasMaxLength(IdLength);
            e.Property(x => x.ActivityNodeId).HasMaxLength(1024);
            e.Property(x => x.ActivityType).HasMaxLength(NameLength);
            e.Property(x => x.ActivityName).HasMaxLength(NameLength);
            e.Property(x => x.EventName).HasMaxLength(32);
        });

        b.Entity<TaskRecord>(e =>
        {
            e.ToTable("wf_tasks");
            e.HasKey(x => x.Id).HasName("PK_wf_tasks");
            e.Property(x => x.Id).HasMaxLength(IdLength);
            e.Property(x => x.InstanceId).HasMaxLength(IdLength);
            e.Property(x => x.BookmarkId).HasMaxLength(IdLength);
            e.Property(x => x.ActivityId).HasMaxLength(IdLength);
            e.Property(x => x.ActivityNodeId).HasMaxLength(1024);
            e.Property(x => x.DefinitionId).HasMaxLength(IdLength);
            e.Property(x => x.ProcessName).HasMaxLength(NameLength);
            e.Property(x => x.Title).HasMaxLength(512);
            e.Property(x => x.Assignee).HasMaxLength(NameLength);
            e.Property(x => x.CandidateRole).HasMaxLength(64);
            e.Property(x => x.EscalateTo).HasMaxLength(NameLength);
            e.Property(x => x.Status).HasMaxLength(32);
            e.Property(x => x.InitiatedBy).HasMaxLength(NameLength);
            e.Property(x => x.CompletedBy).HasMaxLength(NameLength);
            e.Property(x => x.Outcome).HasMaxLength(NameLength);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => x.BookmarkId).IsUnique().HasDatabaseName("IX_wf_tasks_BookmarkId");
            e.HasIndex(x => new { x.Status, x.Assignee }).HasDatabaseName("IX_wf_tasks_Status_Assignee");
            e.HasIndex(x => new { x.Status, x.CandidateRole }).HasDatabaseName("IX_wf_tasks_Status_CandidateRole");
            e.HasIndex(x => x.InstanceId).HasDatabaseName("IX_wf_tasks_InstanceId");
            e.HasIndex(x => new { x.Status, x.DueAt }).HasDatabaseName("IX_wf_tasks_Status_DueAt");
            e.HasIndex(x => new { x.CompletedBy, x.CompletedAt }).HasDatabaseName("IX_wf_tasks_CompletedBy_CompletedAt");
        });

        b.Entity<OutboxRecord>(e =>
        {
            e.ToTable("wf_outbox");
            e.HasKey(x => x.Id).HasName("PK_wf_outbox");
            e.Property(x => x.Id).HasMaxLength(IdLength);
            e.Property(x => x.MessageId).HasMaxLength(NameLength);
            e.Property(x => x.InstanceId).HasMaxLength(IdLength);
            e.Property(x => x.IdempotencyKey).HasMaxLength(KeyLength);
            e.Property(x => x.FromAddress).HasMaxLength(NameLength);
            e.Property(x => x.Subject).HasMaxLength(1024);
            e.Property(x => x.Template).HasMaxLength(64);
            e.Property(x => x.Status).HasMaxLength(32);
            e.HasIndex(x => x.IdempotencyKey).IsUnique().HasDatabaseName("IX_wf_outbox_IdempotencyKey");
            e.HasIndex(x => new { x.Status, x.NextAttemptAt }).HasDatabaseName("IX_wf_outbox_Status_NextAttemptAt");
            e.HasIndex(x => x.InstanceId).HasDatabaseName("IX_wf_outbox_InstanceId");
        });

        b.Entity<UserRecord>(e =>
        {
            e.ToTable("wf_users");
            e.HasKey(x => x.Id).HasName("PK_wf_users");
            e.Property(x => x.Id).HasMaxLength(IdLength);
            e.Property(x => x.UserName).HasMaxLength(NameLength);
            e.Property(x => x.DisplayName).HasMaxLength(NameLength);
            e.Property(x => x.Email).HasMaxLength(NameLength);
            e.Property(x => x.PasswordHash).HasMaxLength(512);
            e.Property(x => x.Culture).HasMaxLength(16);
            e.Property(x => x.SecurityStamp).HasMaxLength(64);
            e.HasIndex(x => x.UserName).IsUnique().HasDatabaseName("IX_wf_users_UserName");
        });

        b.Entity<UserRoleRecord>(e =>
        {
            e.ToTable("wf_user_roles");
            e.HasKey(x => new { x.UserId, x.RoleKey }).HasName("PK_wf_user_roles");
            e.Property(x => x.UserId).HasMaxLength(IdLength);
            e.Property(x => x.RoleKey).HasMaxLength(64);
            e.HasIndex(x => x.RoleKey).HasDatabaseName("IX_wf_user_roles_RoleKey");
        });

        b.Entity<RoleRecord>(e =>
        {
            e.ToTable("wf_roles");
            e.HasKey(x => x.Key).HasName("PK_wf_roles");
            e.Property(x => x.Key).HasMaxLength(64);
            e.Property(x => x.NameZh).HasMaxLength(NameLength);
            e.Property(x => x.NameEn).HasMaxLength(NameLength);
            e.Property(x => x.Description).HasMaxLength(1024);
        });

        Inbox.InboxModel.Configure(b);
        Scheduling.SchedulingModel.Configure(b);
        Mail.Outbox.OutboxModel.Configure(b);
        Identity.SecurityModel.Configure(b);
        Alterations.AlterationModel.Configure(b);
    }
}
