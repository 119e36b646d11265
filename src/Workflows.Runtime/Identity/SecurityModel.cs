using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Identity;

/// <summary>A security event: a lockout, a revoked session. Kept in the database so that it outlives the logs.</summary>
public sealed class SecurityAuditRecord
{
    public required string Id { get; set; }
    public DateTime At { get; set; }
    public required string Kind { get; set; }
    public required string UserName { get; set; }
    public string? Address { get; set; }
    public string? Detail { get; set; }
}

public static class SecurityAuditKinds
{
    public const string LockedOut = "locked-out";
    public const string SessionsEnded = "sessions-ended";
}

public static class SecurityModel
{
    public static void Configure(ModelBuilder b) =>
        b.Entity<SecurityAuditRecord>(e =>
        {
            e.ToTable("wf_security_audit");
            e.HasKey(x => x.Id).HasName("PK_wf_security_audit");
            e.Property(x => x.Id).HasMaxLength(RuntimeModel.IdLength);
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.UserName).HasMaxLength(RuntimeModel.NameLength);
            e.Property(x => x.Address).HasMaxLength(64);
            e.Property(x => x.Detail).HasMaxLength(1024);
            e.HasIndex(x => new { x.UserName, x.At }).HasDatabaseName("IX_wf_security_audit_UserName_At");
        });
}
