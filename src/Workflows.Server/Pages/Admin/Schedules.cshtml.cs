using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workflows.Runtime.Scheduling;
using Workflows.Server.Auth;
using Workflows.Server.Hosting;

namespace Workflows.Server.Pages.Admin;

/// <summary>
/// The secretariat's schedules page, in Chinese, on Hangfire's recurring jobs (Hangfire's Dashboard at /admin/hangfire has the details):
/// every schedule with its next fire time; pause, resume, run now, change a run's cron; the history of runs.
/// </summary>
[Authorize(Policy = Policies.Secretariat)]
public sealed class SchedulesModel(ScheduleAdmin admin) : PageModel
{
    public IReadOnlyList<ScheduleView> Schedules { get; private set; } = [];
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];

    /// <summary>Shows the history of one schedule only (?schedule=runs/annualAssessment).</summary>
    [BindProperty(SupportsGet = true, Name = "schedule")]
    public string? Filter { get; set; }

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }

    /// <summary>The cron a failed edit tried, shown again in its row.</summary>
    public (string Key, string? Cron)? FailedEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public Task<IActionResult> OnPostPauseAsync(string key, CancellationToken cancellationToken) =>
        ActAsync(() => admin.PauseAsync(key, UserName, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostResumeAsync(string key, CancellationToken cancellationToken) =>
        ActAsync(() => admin.ResumeAsync(key, UserName, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostRunAsync(string key, CancellationToken cancellationToken) =>
        ActAsync(() => admin.RunNowAsync(key, UserName, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostCronAsync(string key, string? cron, CancellationToken cancellationToken)
    {
        var result = await admin.UpdateCronAsync(key, cron, UserName, cancellationToken);
        if (!result.Succeeded) FailedEdit = (key, cron);
        return await AfterAsync(result, cancellationToken);
    }

    private string UserName => User.FindFirst(Claims.UserName)?.Value ?? "?";

    private async Task<IActionResult> ActAsync(Func<Task<ScheduleActionResult>> action, CancellationToken cancellationToken) =>
        await AfterAsync(await action(), cancellationToken);

    private async Task<IActionResult> AfterAsync(ScheduleActionResult result, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            Message = Ui.IsEnglish ? English(result.Message) : Chinese(result.Message);
            return RedirectToPage(new { schedule = Filter });
        }
        // Bad input changes nothing: the page again, with the reason.
        Error = Ui.IsEnglish ? English(result.Message) : Chinese(result.Message);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Schedules = await admin.ListAsync(cancellationToken);
        var names = Schedules.ToDictionary(s => s.Entry.Key.ToString(), s => Ui.T(s.Entry.DisplayName, s.Entry.DisplayNameEn), StringComparer.Ordinal);
        History = (await admin.HistoryAsync(Filter, 100, cancellationToken))
            .Select(r => new HistoryRow(r, names.GetValueOrDefault(r.ScheduleKey) ?? r.ScheduleKey)).ToList();
    }

    /// <summary>Messages are "中文 / English"; the page shows the half of the reader's language.</summary>
    internal static string Chinese(string message) => message.Split(" / ", 2)[0];

    internal static string English(string message) => message.Split(" / ", 2) is [_, var en] ? en : message;
}

/// <summary>A run of the history with the name of its schedule.</summary>
public sealed record HistoryRow(ScheduleRunRecord Run, string ScheduleName);
