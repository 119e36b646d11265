using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Scheduling;
using Workflows.Runtime.Tests.Support;

namespace Workflows.Runtime.Tests.Scheduling;

/// <summary>
/// The run history's unique (ScheduleKey, Occurrence): a second live firing of one tick cannot be written, on SQLite
/// (here, the hand-written migration path) as on PostgreSQL (the two-node test). Interrupted executions hold no tick.
/// </summary>
public sealed class OccurrenceIndexTests
{
    private static ScheduleRunRecord Row(string fire, DateTime? occurrence, string status = ScheduleRunStatuses.Succeeded) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        ScheduleKey = "runs/yearly",
        FireInstanceId = fire,
        ScheduledFireAt = new DateTime(2026, 1, 5, 1, 0, 0, DateTimeKind.Utc),
        Occurrence = occurrence,
        FiredAt = new DateTime(2026, 1, 5, 1, 0, 0, DateTimeKind.Utc),
        Status = status,
    };

    [Fact]
    public async Task SecondFiringOfATick_IsRefused_InterruptedOnesHoldNoTick()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        var tick = new DateTime(2026, 1, 5, 1, 0, 0, DateTimeKind.Utc);
        await host.QueryAsync(async db =>
        {
            db.AddRange(Row("1/1", null, ScheduleRunStatuses.Interrupted), Row("1/2", tick), Row("2/1", null, ScheduleRunStatuses.Interrupted));
            return await db.SaveChangesAsync();
        });

        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => host.QueryAsync(db =>
        {
            db.Add(Row("3/1", tick, ScheduleRunStatuses.Running));
            return db.SaveChangesAsync();
        }));
        Assert.Contains("UNIQUE", refused.InnerException?.Message ?? "", StringComparison.OrdinalIgnoreCase);
        // Another schedule may fire the same moment.
        await host.QueryAsync(db =>
        {
            var other = Row("4/1", tick);
            other.ScheduleKey = "runs/other";
            db.Add(other);
            return db.SaveChangesAsync();
        });
        Assert.Equal(4, await host.QueryAsync(db => db.Set<ScheduleRunRecord>().CountAsync()));
    }
}
