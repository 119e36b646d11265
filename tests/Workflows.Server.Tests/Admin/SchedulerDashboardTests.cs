using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Scheduling;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Admin;

/// <summary>
/// Hangfire's Dashboard at /admin/hangfire, signed in with the pages' cookie: anonymous visitors go to sign-in,
/// a member unit is refused, the secretariat reads, the administrator acts, and every action needs the antiforgery token.
/// </summary>
public sealed partial class SchedulerDashboardTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private const string Recurring = "/admin/hangfire/recurring";

    /// <summary>Signs in on the sign-in page as a person does, so the client carries the pages' cookie (no bearer token).</summary>
    private async Task<HttpClient> SignedInAsync(string? user)
    {
        await app.ClientAsync();
        await app.Services.GetRequiredService<SchedulingService>().Ready.WaitAsync(TimeSpan.FromSeconds(60));
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (user is null) return client;
        using var response = await PageForms.PostAsync(client, "/login", "", new() { ["userName"] = user, ["password"] = "Passw0rd!", ["returnUrl"] = "/" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private static async Task<HttpResponseMessage> TriggerAsync(HttpClient client, string page, string jobId, bool withToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Recurring + "/trigger")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", jobId)]),
        };
        if (withToken)
        {
            var header = CsrfHeader().Match(page);
            var token = CsrfToken().Match(page);
            Assert.True(header.Success && token.Success, "the Dashboard renders its antiforgery token");
            request.Headers.Add(WebUtility.HtmlDecode(header.Groups[1].Value), WebUtility.HtmlDecode(token.Groups[1].Value));
        }
        return await client.SendAsync(request);
    }

    private async Task<int> RunsAsync(string key)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Set<ScheduleRunRecord>().CountAsync(r => r.ScheduleKey == key);
    }

    [Fact]
    public async Task Anonymous_IsSentToSignIn()
    {
        var client = await SignedInAsync(null);

        using var response = await client.GetAsync(Recurring);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("ReturnUrl=%2Fadmin%2Fhangfire", response.Headers.Location!.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemberUnit_IsForbidden()
    {
        var client = await SignedInAsync("huiyuan1");

        using var page = await client.GetAsync(Recurring);
        using var stats = await client.GetAsync("/admin/hangfire/stats");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stats.StatusCode);
    }

    [Fact]
    public async Task Secretariat_ReadsTheRecurringJobsButCannotTrigger()
    {
        var client = await SignedInAsync("mishu1");

        var page = await PageForms.GetAsync(client, Recurring);

        Assert.Contains("runs/annualAssessment", page);
        Assert.Contains("system/task-deadlines", page);
        Assert.DoesNotContain("js-jobs-list-command", page);
        var before = await RunsAsync("runs/annualAssessment");
        using var refused = await TriggerAsync(client, page, "runs/annualAssessment", withToken: true);
        Assert.False(refused.IsSuccessStatusCode, $"read-only trigger answered {refused.StatusCode}");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(before, await RunsAsync("runs/annualAssessment"));
    }

    [Fact]
    public async Task Admin_TriggersWithTheAntiforgeryTokenOnly()
    {
        var client = await SignedInAsync("admin");
        var page = await PageForms.GetAsync(client, Recurring);
        Assert.Contains("js-jobs-list-command", page);
        // Hangfire's trigger fires the latest occurrence (1 December 09:00 of this year or the last), not fired yet here.
        const string key = "runs/annualReportDeadline";
        var before = await RunsAsync(key);

        using (var forged = await TriggerAsync(client, page, key, withToken: false))
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        using (var triggered = await TriggerAsync(client, page, key, withToken: true))
            Assert.True(triggered.IsSuccessStatusCode, $"trigger answered {triggered.StatusCode}");

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await RunsAsync(key) == before && waited.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(100);
        Assert.Equal(before + 1, await RunsAsync(key));
    }

    [Fact]
    public async Task SchedulesPage_LinksToTheDashboard()
    {
        var client = await SignedInAsync("mishu1");

        var page = await PageForms.GetAsync(client, "/admin/schedules");

        Assert.Contains("href=\"/admin/hangfire/recurring\"", page);
    }

    [GeneratedRegex("<meta name=\"csrf-header\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfHeader();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfToken();
}
