using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Server.Pages;
using Workflows.Server.Tests.Processes;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Pages;

/// <summary>
/// The picture of the path on the application page and the task page, over real HTTP: drawn from the definition's
/// designer layout, the steps done and connections taken from the journal, the waiting step marked, the rest greyed;
/// shown to the applicant and the approvers, not to a stranger. The times of an activity entered in Beijing time; the
/// dashboard at / and the printable approval sheet.
/// </summary>
public sealed class ProcessViewsTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private readonly ProcessDriver _p = new(app);

    private async Task<(HttpStatusCode Status, IDocument Page)> GetAsync(string user, string path)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", await WorkflowsApp.TokenAsync(client, user));
        using var response = await client.GetAsync(path);
        return (response.StatusCode, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }

    private static string? State(IDocument page, string activityId) =>
        page.QuerySelector($"#path-diagram g.step[data-activity='{activityId}']")?.GetAttribute("data-state");

    private Task<string> StartActivityAsync(string title) => _p.StartAsync("zhuwei1", "p4-activity-approval", new
    {
        Application = new
        {
            branchId = P4ActivityApprovalTests.Cardiology, type = "meeting", title,
            startsAt = "2027-03-12T08:30:00+08:00", endsAt = "2027-03-12T17:30:00+08:00",
            venue = "重庆国际会议展览中心", budget = 50_000m, involvesFunds = true, agenda = "专题报告",
        },
    });

    [Fact]
    public async Task Inbox_BatchApprovesTheStepsThatAllowIt_AsTheirHolder_NotAsAStranger()
    {
        await app.ClientAsync();
        var ids = new[] { await StartActivityAsync("心血管年会（批量一）"), await StartActivityAsync("心血管年会（批量二）") };
        var tasks = new List<string>();
        foreach (var id in ids) tasks.Add((await _p.TaskAsync(id, "completeness")).Id);

        async Task<(HttpStatusCode, string?)> PostBatchAsync(string user)
        {
            var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            client.DefaultRequestHeaders.Authorization = new("Bearer", await WorkflowsApp.TokenAsync(client, user));
            var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync("/inbox?sort=newest"));
            var token = page.QuerySelector("input[name='__RequestVerificationToken']")?.GetAttribute("value") ?? "";
            var form = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token) };
            form.AddRange(tasks.Select(t => new KeyValuePair<string, string>("ids", t)));
            using var response = await client.PostAsync("/inbox?handler=Batch", new FormUrlEncodedContent(form));
            var next = response.Headers.Location?.ToString();
            var after = next is null ? null : await client.GetStringAsync(next);
            return (response.StatusCode, after);
        }

        // A member unit holds neither task: nothing is done.
        var (strangerStatus, strangerPage) = await PostBatchAsync("huiyuan2");
        Assert.Equal(HttpStatusCode.Redirect, strangerStatus);
        Assert.Contains("已批量办理 0 项", strangerPage);
        Assert.All(await _p.OpenTasksAsync(ids[0]), t => Assert.Equal("completeness", t.ActivityId));

        // The secretariat sees a box on each (the step names BatchOutcome Accept) and approves both at once.
        var (_, before) = await GetAsync("mishu1", "/inbox?sort=newest");
        Assert.All(tasks, t => Assert.NotNull(before.QuerySelector($"input.batch-pick[value='{t}']")));
        var (status, after) = await PostBatchAsync("mishu1");
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Contains("已批量办理 2 项", after);
        foreach (var taskId in tasks)
        {
            var task = await _p.QueryAsync(db => db.Tasks.SingleAsync(t => t.Id == taskId));
            Assert.Equal(("Accept", "mishu1"), (task.Outcome, task.CompletedBy));
        }
        // The leaders' review that follows has no batch outcome: no box.
        var review = (await _p.OpenTasksAsync(ids[0])).Single();
        var holder = review.Assignee ?? "zuzhang";
        var (_, leaderInbox) = await GetAsync(holder, "/inbox");
        Assert.Null(leaderInbox.QuerySelector($"input.batch-pick[value='{review.Id}']"));
    }

    [Fact]
    public async Task Dashboard_ForSecretariatAndLeaders_ChartsRunningProcessesAndGrades_NotForMemberUnits()
    {
        await app.ClientAsync();
        await StartActivityAsync("心血管年会（看板）");
        foreach (var user in new[] { "mishu1", "zuzhang" })
        {
            var (status, page) = await GetAsync(user, "/");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(5, page.QuerySelectorAll("#dashboard section.chart").Length);
            var running = page.QuerySelector("#chart-running g.bar[data-label='活动事前审批']");
            Assert.NotNull(running);
            Assert.True(int.Parse(running.GetAttribute("data-value")!, CultureInfo.InvariantCulture) >= 1);
            Assert.Equal(Enum.GetValues<AssessmentGrade>().Length, page.QuerySelectorAll("#chart-grades g.bar").Length); // every grade, also those with none
        }
        var (_, member) = await GetAsync("huiyuan1", "/");
        Assert.Null(member.QuerySelector("#dashboard"));
    }

    [Fact]
    public async Task PrintSheet_ShowsTheApplicationAndItsOpinions_ToTheApplicant_NotToAStranger()
    {
        await app.ClientAsync();
        var id = await StartActivityAsync("心血管年会（审批单）");
        await _p.ActAsync(id, "completeness", "mishu1", "Accept", comment: "材料齐全");
        var (status, page) = await GetAsync("zhuwei1", $"/processes/instances/{id}/print");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("心血管年会（审批单）", page.QuerySelector("#sheet-title")!.TextContent.Trim());
        Assert.Contains("材料齐全", page.QuerySelector("#sheet-steps")!.TextContent);
        Assert.Contains("@media print", await File.ReadAllTextAsync(Path.Combine(Workflows.Testing.RepoPaths.Combine("src", "Workflows.Server", "wwwroot", "css"), "layout.css")));
        var (applicationStatus, application) = await GetAsync("zhuwei1", $"/processes/instances/{id}");
        Assert.Equal(HttpStatusCode.OK, applicationStatus);
        Assert.Equal($"/processes/instances/{id}/print", application.QuerySelector("#print-link")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("huiyuan2", $"/processes/instances/{id}/print")).Status);
    }

    [Fact]
    public async Task Diagram_ShowsThePathTakenAndTheWaitingStep_ToTheApplicantAndApprover_NotToAStranger()
    {
        await app.ClientAsync();
        var id = await StartActivityAsync("心血管年会（路径图）");
        var task = await _p.TaskAsync(id, "completeness");

        // The applicant: done steps and the connection between them highlighted, the review waiting, later steps greyed.
        var (status, page) = await GetAsync("zhuwei1", $"/processes/instances/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(page.QuerySelector("#path-diagram svg"));
        Assert.Equal("done", State(page, "start"));
        Assert.Equal("done", State(page, "register"));
        Assert.Equal("done", State(page, "check"));
        Assert.Equal("waiting", State(page, "completeness"));
        Assert.Equal("tocome", State(page, "returnIneligible")); // the outlet not taken
        Assert.Equal("completeness", page.QuerySelector("#path-diagram")!.GetAttribute("data-waiting"));
        Assert.NotNull(page.QuerySelector("#path-diagram path.edge.taken[data-from='start'][data-to='register']"));
        Assert.Null(page.QuerySelector("#path-diagram path.edge.taken[data-to='returnIneligible']"));
        Assert.Contains("开始", page.QuerySelector("#path-diagram g.step[data-activity='start']")!.TextContent);
        Assert.Contains("秘书处完整性审查", page.QuerySelector("#path-diagram .legend")!.TextContent);
        Assert.Null(page.QuerySelector("#studio-link")); // the Studio viewer is the secretariat's

        // The approver on the task page sees the same picture, and the secretariat gets the Studio viewer's link.
        (status, page) = await GetAsync("mishu1", $"/inbox/tasks/{task.Id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("waiting", State(page, "completeness"));
        Assert.Equal($"/instances/{id}/studio", page.QuerySelector("#studio-link")!.GetAttribute("href"));

        // A member unit with no part in it sees neither page, nor any picture.
        (status, page) = await GetAsync("huiyuan2", $"/processes/instances/{id}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Null(page.QuerySelector("#path-diagram"));
        (status, page) = await GetAsync("huiyuan2", $"/inbox/tasks/{task.Id}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Null(page.QuerySelector("#path-diagram"));

        // 08:30 Beijing is stored as 00:30 UTC and shown as 08:30 again.
        var application = await _p.QueryAsync(db => db.Set<ActivityApplication>().SingleAsync(a => a.WorkflowInstanceId == id));
        Assert.Equal(new DateTime(2027, 3, 12, 0, 30, 0, DateTimeKind.Utc), application.StartsAtUtc);
        Assert.Equal("2027-03-12 08:30", Display.Time(application.StartsAtUtc));
        Assert.Equal("2027-03-12 08:30", Display.TimeText(new DateTimeOffset(application.StartsAtUtc, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture)));
    }
}
