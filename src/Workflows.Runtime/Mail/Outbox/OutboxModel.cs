using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Mail.Outbox;

/// <summary>The outbox's delivery log (the outbox rows themselves are the runtime's wf_outbox).</summary>
public static class OutboxModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<OutboxDeliveryRecord>(e =>
        {
            e.ToTable("wf_outbox_deliveries");
            e.HasKey(x => x.Id).HasName("PK_wf_outbox_deliveries");
            e.Property(x => x.Id).HasMaxLength(RuntimeModel.IdLength);
            e.Property(x => x.OutboxId).HasMaxLength(RuntimeModel.IdLength);
            e.Property(x => x.Recipient).HasMaxLength(RuntimeModel.NameLength);
            e.Property(x => x.Address).HasMaxLength(RuntimeModel.NameLength);
            e.Property(x => x.UserName).HasMaxLength(RuntimeModel.NameLength);
            e.Property(x => x.Culture).HasMaxLength(16);
            e.Property(x => x.MessageId).HasMaxLength(RuntimeModel.NameLength);
            e.Property(x => x.Status).HasMaxLength(32);
            e.HasIndex(x => new { x.OutboxId, x.Status }).HasDatabaseName("IX_wf_outbox_deliveries_OutboxId_Status");
            e.HasIndex(x => x.At).HasDatabaseName("IX_wf_outbox_deliveries_At");
        });
    }
}
