using Microsoft.Extensions.Options;

namespace Workflows.Runtime.Scheduling;

/// <summary>
/// The scheduler, bound from the configuration section <c>Scheduling</c>:
/// <code>
/// "Scheduling": {
///   "Runs": [ { "Name": "annualAssessment", "DefinitionId": "p3-annual-assessment", "ItemsProvider": "activeBranches",
///               "Cron": "0 0 9 5 1 ?", "Period": "previousYear" } ]
/// }
/// </code>
/// </summary>
public sealed class SchedulingOptions
{
    public const string SectionName = "Scheduling";

    /// <summary>False leaves this node without a scheduler (a node that only serves pages); triggers wait for the nodes that have one.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Every node of a cluster uses the same name: it is the SCHED_NAME of the QRTZ_* rows.</summary>
    public string InstanceName { get; set; } = "workflows";

    /// <summary>Jobs that may run at once on one node.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How late a trigger may fire before it counts as missed (then it fires once, now: see <see cref="SchedulingSetup"/>).</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the schedules are compared with the published definitions and the settings (a safety net; changes apply at once too).</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a clustered node checks in, and how long before the others take its work over (PostgreSQL only).</summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);

    public TimeSpan ClusterCheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Configured runs: a workflow started on a cron, once or once per item of a provider.</summary>
    public List<ScheduledRunOptions> Runs { get; set; } = [];
}

/// <summary>One configured run. With <see cref="ItemsProvider"/> it starts one instance per item (a fan-out), else one instance.</summary>
public sealed class ScheduledRunOptions
{
    /// <summary>Stable name; part of every idempotency key the run makes ("{name}:{period}:{itemId}").</summary>
    public string Name { get; set; } = "";

    /// <summary>Shown on the schedules page (Chinese first); the name when empty.</summary>
    public string? DisplayName { get; set; }

    public string? DisplayNameEn { get; set; }

    public string DefinitionId { get; set; } = "";

    /// <summary>The name of a registered <see cref="IRunItemsProvider"/>; empty for a single start.</summary>
    public string? ItemsProvider { get; set; }

    /// <summary>Quartz cron (seconds first), Beijing time. The secretariat may override it on the schedules page.</summary>
    public string Cron { get; set; } = "";

    /// <summary>What one firing covers; see <see cref="RunPeriods"/>.</summary>
    public string Period { get; set; } = RunPeriods.None;

    public bool Enabled { get; set; } = true;
}

/// <summary>Refuses a configuration that would fail later, at a fire time months away.</summary>
public sealed class SchedulingOptionsValidator : IValidateOptions<SchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.InstanceName)) failures.Add("Scheduling:InstanceName must not be empty.");
        if (options.MaxConcurrency is < 1 or > 100) failures.Add($"Scheduling:MaxConcurrency must be between 1 and 100 (was {options.MaxConcurrency}).");
        if (options.MisfireThreshold < TimeSpan.FromSeconds(1)) failures.Add("Scheduling:MisfireThreshold must be at least one second.");
        if (options.ReconcileInterval < TimeSpan.FromSeconds(1)) failures.Add("Scheduling:ReconcileInterval must be at least one second.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Runs.Count; i++)
        {
            var run = options.Runs[i];
            var where = $"Scheduling:Runs:{i}";
            if (string.IsNullOrWhiteSpace(run.Name) || run.Name.Contains('/') || run.Name.Contains(':'))
                failures.Add($"{where}:Name must be a non-empty name without '/' or ':' (was '{run.Name}').");
            else if (!seen.Add(run.Name))
                failures.Add($"{where}:Name '{run.Name}' is used twice.");
            if (string.IsNullOrWhiteSpace(run.DefinitionId)) failures.Add($"{where}:DefinitionId is required.");
            if (CronText.Validate(run.Cron) is { } cronError) failures.Add($"{where}:Cron: {cronError}");
            if (!RunPeriods.IsKnown(run.Period)) failures.Add($"{where}:Period '{run.Period}' is not one of {string.Join(", ", RunPeriods.All)}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
