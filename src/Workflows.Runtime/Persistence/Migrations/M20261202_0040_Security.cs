using Microsoft.EntityFrameworkCore.Migrations;

namespace Workflows.Runtime.Persistence.Migrations;

/// <summary>Revocable sessions (a security stamp per user) and the security audit (lockouts, ended sessions).</summary>
public sealed class M20261202_0040_Security : ISchemaMigration
{
    string ISchemaMigration.Id => "20261202_0040_security";

    public void Up(MigrationBuilder b)
    {
        b.AddColumn<string>("SecurityStamp", "wf_users", maxLength: 64, nullable: false, defaultValue: "");

        b.CreateTable("wf_security_audit", t => new
        {
            Id = t.Column<string>(maxLength: RuntimeModel.IdLength, nullable: false),
            At = t.Column<DateTime>(nullable: false),
            Kind = t.Column<string>(maxLength: 32, nullable: false),
            UserName = t.Column<string>(maxLength: RuntimeModel.NameLength, nullable: false),
            Address = t.Column<string>(maxLength: 64, nullable: true),
            Detail = t.Column<string>(maxLength: 1024, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_wf_security_audit", x => x.Id));
        b.CreateIndex("IX_wf_security_audit_UserName_At", "wf_security_audit", ["UserName", "At"]);
    }
}
