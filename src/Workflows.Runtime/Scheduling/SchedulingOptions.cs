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

    /// <summary>Hangfire workers on this node: schedule firings that may run at once.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How often Hangfire looks for due recurring jobs and for queued firings ("run now" waits at most this long).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the schedules are compared with the published definitions and the settings (a safety net; changes apply at once too).</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a node tells the others it is alive, and after how long without that they take its cut-short firings over (PostgreSQL).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ServerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The Hangfire file of the embedded (SQLite) store; empty: next to the service database, "&lt;name&gt;.hangfire.db".</summary>
    public string? SqliteFile { get; set; }

    /// <summary>The PostgreSQL schema of Hangfire's tables, shared by every node.</summary>
    public string PostgreSqlSchema { get; set; } = "hangfire";

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

    /// <summary>Quartz-syntax cron (seconds first, optional year), Beijing time. The secretariat may override it on the schedules page.</summary>
    public string Cron { get; set; } = "";

    /// <summary>What one firing covers; see <see cref="RunPeriods"/>.</summary>
    public string Period { get; set; } = RunPeriods.None;

    public bool Enabled { get; set; } = true;

    /// <summary>How many of a fan-out's items are started side by side (their commits share group-commit transactions).</summary>
    public int Parallelism { get; set; } = 8;
}

/// <summary>Refuses a configuration that would fail later, at a fire time months away.</summary>
public sealed class SchedulingOptionsValidator : IValidateOptions<SchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.PostgreSqlSchema)) failures.Add("Scheduling:PostgreSqlSchema must not be empty.");
        if (options.MaxConcurrency is < 1 or > 100) failures.Add($"Scheduling:MaxConcurrency must be between 1 and 100 (was {options.MaxConcurrency}).");
        if (options.PollInterval < TimeSpan.FromMilliseconds(100)) failures.Add("Scheduling:PollInterval must be at least 100 ms.");
        if (options.ServerTimeout < options.HeartbeatInterval * 2) failures.Add("Scheduling:ServerTimeout must be at least twice Scheduling:HeartbeatInterval.");
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
