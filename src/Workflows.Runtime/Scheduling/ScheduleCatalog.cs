using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workflows.Engine.Activities.Builtin;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Scheduling;

public enum ScheduleKind
{
    /// <summary>A published definition that starts on its Cron trigger activity.</summary>
    WorkflowCron,

    /// <summary>A configured run (Scheduling:Runs): one start, or one per item.</summary>
    Run,

    /// <summary>The service's own recurring work.</summary>
    System,
}

/// <summary>A schedule as it should be: the desired state the reconciler makes Hangfire's recurring jobs match.</summary>
public sealed record ScheduleEntry
{
    public required ScheduleKey Key { get; init; }
    public required ScheduleKind Kind { get; init; }
    public required string DisplayName { get; init; }
    public required string DisplayNameEn { get; init; }
    public required Type JobType { get; init; }

    /// <summary>The cron in force (configured, or the secretariat's override); null when it cannot be scheduled.</summary>
    public string? Cron { get; init; }

    /// <summary>The cron from configuration or the definition, before any override.</summary>
    public string? ConfiguredCron { get; init; }

    public bool IsPaused { get; init; }

    /// <summary>Why it cannot be scheduled (an invalid cron in the definition); null when it can.</summary>
    public string? Problem { get; init; }
    public string? DefinitionId { get; init; }
    public string? ActivityId { get; init; }
    public string? RunName { get; init; }
    public string? ItemsProvider { get; init; }
    public string? Period { get; init; }

    /// <summary>Runs and system schedules take a cron from the page; a definition's cron is edited in the designer.</summary>
    public bool CronEditable => Kind != ScheduleKind.WorkflowCron;

    public bool CanSchedule => Problem is null && Cron is not null;
}

/// <summary>A recurring job of the service itself, registered with <see cref="SchedulingSetup.AddSystemSchedule{TJob}"/>.</summary>
public sealed record SystemScheduleRegistration(string Name, string DisplayName, string DisplayNameEn, Type JobType, string Cron);

/// <summary>
/// Works out every schedule the service should have, from the published definitions (their Cron triggers), the
/// configured runs, the registered system schedules and the secretariat's settings.
/// </summary>
public sealed class ScheduleCatalog(WorkflowsDbContext db, IOptionsMonitor<SchedulingOptions> options, IEnumerable<SystemScheduleRegistration> systemSchedules)
{
    public async Task<IReadOnlyList<ScheduleEntry>> LoadAsync(CancellationToken cancellationToken)
    {
        var settings = await LoadSettingsAsync(cancellationToken);
        var entries = new List<ScheduleEntry>();
        entries.AddRange(await LoadWorkflowCronsAsync(null, settings, cancellationToken));

        foreach (var run in options.CurrentValue.Runs.Where(r => r.Enabled))
        {
            var key = ScheduleKey.ForRun(run.Name);
            var setting = settings.GetValueOrDefault(key.ToString());
            entries.Add(new ScheduleEntry
            {
                Key = key,
                Kind = ScheduleKind.Run,
                DisplayName = string.IsNullOrWhiteSpace(run.DisplayName) ? run.Name : run.DisplayName,
                DisplayNameEn = string.IsNullOrWhiteSpace(run.DisplayNameEn) ? run.Name : run.DisplayNameEn,
                JobType = typeof(ScheduledRunJob),
                ConfiguredCron = run.Cron.Trim(),
                Cron = setting?.CronExpression ?? run.Cron.Trim(),
                IsPaused = setting?.IsPaused ?? false,
                DefinitionId = run.DefinitionId,
                RunName = run.Name,
                ItemsProvider = string.IsNullOrWhiteSpace(run.ItemsProvider) ? null : run.ItemsProvider,
                Period = run.Period,
            });
        }

        foreach (var system in systemSchedules)
        {
            var key = ScheduleKey.ForSystem(system.Name);
            var setting = settings.GetValueOrDefault(key.ToString());
            entries.Add(new ScheduleEntry
            {
                Key = key,
                Kind = ScheduleKind.System,
                DisplayName = system.DisplayName,
                DisplayNameEn = system.DisplayNameEn,
                JobType = system.JobType,
                ConfiguredCron = system.Cron,
                Cron = setting?.CronExpression ?? system.Cron,
                IsPaused = setting?.IsPaused ?? false,
            });
        }
        return entries;
    }

    /// <summary>One schedule by key, or null when it is not (or no longer) wanted.</summary>
    public async Task<ScheduleEntry?> FindAsync(ScheduleKey key, CancellationToken cancellationToken)
    {
        if (key.Group == ScheduleKey.WorkflowCronGroup)
        {
            // "definitionId:activityId"; activity ids have no ':'.
            var colon = key.Name.LastIndexOf(':');
            if (colon <= 0) return null;
            return (await LoadWorkflowCronsAsync(key.Name[..colon], cancellationToken)).FirstOrDefault(e => e.Key == key);
        }
        return (await LoadAsync(cancellationToken)).FirstOrDefault(e => e.Key == key);
    }

    /// <summary>The Cron-started schedules of one definition (of all when <paramref name="definitionId"/> is null).</summary>
    public async Task<IReadOnlyList<ScheduleEntry>> LoadWorkflowCronsAsync(string? definitionId, CancellationToken cancellationToken) =>
        await LoadWorkflowCronsAsync(definitionId, await LoadSettingsAsync(cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<ScheduleEntry>> LoadWorkflowCronsAsync(string? definitionId, Dictionary<string, ScheduleSettingRecord> settings, CancellationToken cancellationToken)
    {
        // Only definitions that mention the Cron type at all are parsed.
        var query = db.Definitions.AsNoTracking().Where(d => d.IsPublished && d.Json.Contains(CronActivity.TypeName));
        if (definitionId is not null) query = query.Where(d => d.DefinitionId == definitionId);
        var published = await query.Select(d => new { d.DefinitionId, d.Name, d.Json }).ToListAsync(cancellationToken);

        var entries = new List<ScheduleEntry>();
        foreach (var definition in published.OrderBy(d => d.DefinitionId, StringComparer.Ordinal))
        {
            if (JsonNode.Parse(definition.Json) is not JsonObject json) continue;
            foreach (var trigger in CronTriggers.Find(json))
            {
                var key = ScheduleKey.ForWorkflowCron(definition.DefinitionId, trigger.ActivityId);
                var name = definition.Name ?? definition.DefinitionId;
                entries.Add(new ScheduleEntry
                {
                    Key = key,
                    Kind = ScheduleKind.WorkflowCron,
                    DisplayName = $"{name}（{trigger.Label}）",
                    DisplayNameEn = $"{name} ({trigger.Label})",
                    JobType = typeof(CronWorkflowJob),
                    ConfiguredCron = trigger.Cron,
                    Cron = trigger.Problem is null ? trigger.Cron : null,
                    Problem = trigger.Problem,
                    IsPaused = settings.GetValueOrDefault(key.ToString())?.IsPaused ?? false,
                    DefinitionId = definition.DefinitionId,
                    ActivityId = trigger.ActivityId,
                });
            }
        }
        return entries;
    }

    private async Task<Dictionary<string, ScheduleSettingRecord>> LoadSettingsAsync(CancellationToken cancellationToken) =>
        await db.Set<ScheduleSettingRecord>().AsNoTracking().ToDictionaryAsync(s => s.Key, StringComparer.Ordinal, cancellationToken);
}
