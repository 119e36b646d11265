using Microsoft.Extensions.Options;

namespace Workflows.Runtime.Mail.Outbox;

/// <summary>The outbox sender, bound from the configuration section <c>Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>False: this node sends nothing (mails wait for a node that does).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Attempts before a mail goes to Failed (a permanent refusal fails it at once).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed attempt; it doubles with each further one.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// How long a claimed mail belongs to the node sending it. A node that dies while sending leaves it claimed;
    /// after the lease another node takes it (and resends with the same Message-ID). Longer than any send takes.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 50;

    /// <summary>Results (row state and delivery log) of at most this many mails go into one commit.</summary>
    public int ResultBatchSize { get; set; } = 50;

    /// <summary>
    /// How long the first waiting result may wait for others before they are committed. A few milliseconds turn one
    /// disk flush per mail into one per group; a crash in that window only resends (same Message-ID).
    /// </summary>
    public TimeSpan ResultCommitDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Mails sent side by side.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>The domain of the per-recipient Message-IDs derived from a row's Message-ID.</summary>
    public string MessageIdDomain { get; set; } = "workflows.local";
}

public sealed class OutboxOptionsValidator : IValidateOptions<OutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxAttempts is < 1 or > 100) failures.Add($"Outbox:MaxAttempts must be between 1 and 100 (was {options.MaxAttempts}).");
        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay) failures.Add("Outbox:RetryBaseDelay must be positive and not above Outbox:RetryMaxDelay.");
        if (options.Lease < TimeSpan.FromSeconds(1)) failures.Add("Outbox:Lease must be at least one second.");
        if (options.PollInterval <= TimeSpan.Zero) failures.Add("Outbox:PollInterval must be positive.");
        if (options.BatchSize is < 1 or > 1000) failures.Add($"Outbox:BatchSize must be between 1 and 1000 (was {options.BatchSize}).");
        if (options.ResultBatchSize is < 1 or > 1000) failures.Add($"Outbox:ResultBatchSize must be between 1 and 1000 (was {options.ResultBatchSize}).");
        if (options.ResultCommitDelay < TimeSpan.Zero || options.ResultCommitDelay > TimeSpan.FromSeconds(10)) failures.Add("Outbox:ResultCommitDelay must be between 0 and 10 seconds.");
        if (options.Parallelism is < 1 or > 64) failures.Add($"Outbox:Parallelism must be between 1 and 64 (was {options.Parallelism}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
