using Microsoft.EntityFrameworkCore.Migrations;

namespace Workflows.Runtime.Persistence.Migrations;

/// <summary>
/// The audit trail is append-only in the database too: whatever reaches it (a raw SQL statement, a bulk
/// ExecuteUpdate that bypasses SaveChanges) cannot change or remove a record. EF Core's model cannot express
/// triggers, so every migration path that creates <c>wf_audit</c> (the hand-written inbox step and the EF
/// baselines of both providers) calls this one definition.
/// </summary>
public static class AuditAppendOnly
{
    public static void CreateTriggers(MigrationBuilder b)
    {
        if (b.ActiveProvider?.Contains("Npgsql", StringComparison.Ordinal) == true)
        {
            b.Sql("""
                CREATE FUNCTION wf_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'wf_audit is append-only: audit records are never changed or deleted';
                END $$;
                """);
            b.Sql("CREATE TRIGGER wf_audit_no_change BEFORE UPDATE OR DELETE ON wf_audit FOR EACH ROW EXECUTE FUNCTION wf_audit_append_only();");
            b.Sql("CREATE TRIGGER wf_audit_no_truncate BEFORE TRUNCATE ON wf_audit FOR EACH STATEMENT EXECUTE FUNCTION wf_audit_append_only();");
        }
        else
        {
            b.Sql("CREATE TRIGGER wf_audit_no_update BEFORE UPDATE ON wf_audit BEGIN SELECT RAISE(ABORT, 'wf_audit is append-only: audit records are never changed'); END;");
            b.Sql("CREATE TRIGGER wf_audit_no_delete BEFORE DELETE ON wf_audit BEGIN SELECT RAISE(ABORT, 'wf_audit is append-only: audit records are never deleted'); END;");
        }
    }
}
