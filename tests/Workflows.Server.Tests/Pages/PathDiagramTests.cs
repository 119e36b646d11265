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
/// shown to the applicant and the approvers, not to a stranger. And the times of an activity entered in Beijing time.
/// </summary>
public sealed class PathDiagramTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
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

    [Fact]
    public async Task Diagram_ShowsThePathTakenAndTheWaitingStep_ToTheApplicantAndApprover_NotToAStranger()
    {
        await app.ClientAsync();
        var id = await _p.StartAsync("zhuwei1", "p4-activity-approval", new
        {
            Application = new
            {
                branchId = P4ActivityApprovalTests.Cardiology, type = "meeting", title = "心血管年会（路径图）",
                startsAt = "2027-03-12T08:30:00+08:00", endsAt = "2027-03-12T17:30:00+08:00",
                venue = "重庆国际会议展览中心", budget = 50_000m, involvesFunds = true, agenda = "专题报告",
            },
        });
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
