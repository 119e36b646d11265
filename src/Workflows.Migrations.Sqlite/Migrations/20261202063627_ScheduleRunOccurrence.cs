using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workflows.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ScheduleRunOccurrence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The same step as the hand-written path (ScheduleOccurrenceStep): the column, the backfill of the rows
            // written before (a tick fired twice keeps it on its earliest firing), then the unique index.
            Workflows.Runtime.Persistence.Migrations.ScheduleOccurrenceStep.Up(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_wf_schedule_runs_ScheduleKey_Occurrence",
                table: "wf_schedule_runs");

            migrationBuilder.DropColumn(
                name: "Occurrence",
                table: "wf_schedule_runs");
        }
    }
}
