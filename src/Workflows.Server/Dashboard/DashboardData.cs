using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Runtime.Persistence;
using Workflows.Server.Hosting;
using Workflows.Server.Pages;
using Workflows.Server.Processes;
using static Workflows.Server.Dashboard.BarChart;

namespace Workflows.Server.Dashboard;

/// <summary>The figures of the dashboard at / for the secretariat and the leadership group: overdue tasks by branch
/// and by step, running processes by kind, this year's assessment grades, the sponsor-fee reduction per branch.</summary>
public sealed class DashboardData(WorkflowsDbContext db, TimeProvider clock)
{
    public sealed record Figures(int Year, IReadOnlyList<Bar> OverdueByBranch, IReadOnlyList<Bar> OverdueByStep, IReadOnlyList<Bar> RunningByKind,
        IReadOnlyList<Bar> GradesThisYear, IReadOnlyList<Bar> FeeReductionByBranch);

    public async Task<Figures> LoadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var year = Display.Now(clock).Year;
        var branches = await db.Set<Branch>().AsNoTracking().Select(b => new { b.Id, b.Name, b.SponsorFeeReductionPoints, b.Status }).ToListAsync(ct);
        var names = branches.ToDictionary(b => b.Id, b => b.Name, StringComparer.Ordinal);

        var overdue = await db.Tasks.AsNoTracking().Where(t => t.Status == TaskStatuses.Open && t.DueAt != null && t.DueAt < now)
            .Select(t => new { t.BranchId, t.StepName, t.Title }).ToListAsync(ct);
        var byBranch = overdue.GroupBy(t => t.BranchId is { } b && names.TryGetValue(b, out var n) ? n : Ui.T("（协会层面）", "(Association)"))
            .Select(g => new Bar(g.Key, g.Count())).OrderByDescending(b => b.Value).ThenBy(b => b.Label, StringComparer.Ordinal).Take(15).ToList();
        var byStep = overdue.GroupBy(t => t.StepName ?? t.Title).Select(g => new Bar(g.Key, g.Count()))
            .OrderByDescending(b => b.Value).ThenBy(b => b.Label, StringComparer.Ordinal).Take(15).ToList();

        var running = (await db.Instances.AsNoTracking().Where(i => i.Status == "Running").GroupBy(i => i.DefinitionId)
                .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .Select(g => new Bar(ProcessCatalog.Name(g.Key), g.Count)).OrderByDescending(b => b.Value).ToList();

        var grades = await db.Set<Assessment>().AsNoTracking().Where(a => a.Year == year && a.Grade != null).Select(a => a.Grade!.Value).ToListAsync(ct);
        var byGrade = Enum.GetValues<AssessmentGrade>().Select(g => new Bar(Display.Grade(g), grades.Count(x => x == g))).ToList();

        var fees = branches.Where(b => b.SponsorFeeReductionPoints > 0).OrderByDescending(b => b.SponsorFeeReductionPoints).ThenBy(b => b.Name, StringComparer.Ordinal)
            .Take(20).Select(b => new Bar(b.Name, b.SponsorFeeReductionPoints)).ToList();
        return new Figures(year, byBranch, byStep, running, byGrade, fees);
    }
}
