using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Workflows.Server.Tests.Processes;
using Workflows.Server.Tests.Support;
using Workflows.Testing;

namespace Workflows.Server.Tests.Pages;

/// <summary>
/// Every page a user reaches from the menu, for one user of each role of seeds/demo-users.json, fetched over real
/// HTTP and parsed as HTML (no browser: it is fast): on the Chinese pages no English word outside the allow-list of
/// proper names, no raw key (role:..., camelCase field names) or GUID, no ISO timestamp; times are Beijing time.
/// </summary>
public sealed partial class ChinesePagesCrawlerTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    /// <summary>Proper names and units a Chinese page may show as they are.</summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        "English", "Elsa", "Studio", "Cron", "CSV", "PDF", "Office", "KB", "MB", "Hangfire", "JSON", "SMTP", "ID",
    };

    /// <summary>Pages that are not ours to translate (Elsa Studio, Hangfire's dashboard) or not pages (API, files, sign-out).</summary>
    private static bool Skipped(string path) =>
        path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/elsa/", StringComparison.Ordinal)
        || path.StartsWith("/lang/", StringComparison.Ordinal) || path.StartsWith("/admin/hangfire", StringComparison.Ordinal)
        || path.StartsWith("/logout", StringComparison.Ordinal) || path.StartsWith("/login", StringComparison.Ordinal)
        || path.EndsWith("/studio", StringComparison.Ordinal) || path.StartsWith("/designer/", StringComparison.Ordinal)
        || path.StartsWith("/_", StringComparison.Ordinal) || path.Contains('.', StringComparison.Ordinal);

    [GeneratedRegex(@"[A-Za-z][A-Za-z'’-]+")]
    private static partial Regex EnglishWord();

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")]
    private static partial Regex IsoTime();

    [GeneratedRegex(@"^[0-9a-f]{8,}$|^[0-9a-f-]{36}$|^\d+$", RegexOptions.IgnoreCase)]
    private static partial Regex IdSegment();

    [Fact]
    public async Task EveryMenuPage_ForEachRole_IsChineseWithoutRawKeysAndShowsBeijingTime()
    {
        await app.ClientAsync();
        var p = new ProcessDriver(app);
        // Something in every inbox: an activity a chair files for 08:30 Beijing time, which waits for the leaders.
        var instanceId = await p.StartAsync("zhuwei1", "p4-activity-approval", new
        {
            Application = new
            {
                branchId = P4ActivityApprovalTests.Cardiology, type = "meeting", title = "心血管年会（爬虫）",
                startsAt = "2027-03-12T08:30:00+08:00", endsAt = "2027-03-12T17:30:00+08:00",
                venue = "重庆国际会议展览中心", budget = 50_000m, involvesFunds = true, agenda = "专题报告",
            },
        });
        var created = await p.QueryAsync(db => db.Instances.Where(i => i.Id == instanceId).Select(i => i.CreatedAt).SingleAsync());
        var createdBeijing = new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

        var users = JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("seeds", "demo-users.json")))!.AsArray()
            .Select(u => (User: u!["userName"]!.GetValue<string>(), Roles: string.Join(",", u["roles"]!.AsArray().Select(r => r!.GetValue<string>()).Order())))
            .DistinctBy(u => u.Roles).ToList();
        Assert.True(users.Count >= 8, "one user per role");

        var problems = new List<string>();
        var checkedPages = 0;
        var timeChecked = false;
        var parser = new HtmlParser();
        foreach (var (user, roles) in users)
        {
            var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            client.DefaultRequestHeaders.Authorization = new("Bearer", await WorkflowsApp.TokenAsync(client, user));
            var queue = new Queue<string>(["/"]);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var perPattern = new Dictionary<string, int>(StringComparer.Ordinal);
            var menu = new HashSet<string>(StringComparer.Ordinal);
            while (queue.Count > 0 && seen.Count < 60)
            {
                var path = queue.Dequeue();
                if (!seen.Add(path)) continue;
                using var response = await client.GetAsync(path);
                if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.Forbidden or HttpStatusCode.NotFound) continue;
                Assert.True(response.IsSuccessStatusCode, $"{user} {path}: {(int)response.StatusCode}");
                if (response.Content.Headers.ContentType?.MediaType != "text/html") continue;
                var document = await parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
                checkedPages++;
                foreach (var problem in Check(document)) problems.Add($"{user} {path}: {problem}");
                if (path == $"/processes/instances/{instanceId}")
                {
                    timeChecked = true;
                    if (!document.Body!.TextContent.Contains(createdBeijing, StringComparison.Ordinal))
                        problems.Add($"{user} {path}: the start time is not shown as {createdBeijing} (Beijing time)");
                }

                if (path == "/") foreach (var a in document.QuerySelectorAll("nav.mainnav a")) menu.Add(a.GetAttribute("href") ?? "");
                foreach (var link in document.QuerySelectorAll("main a[href], nav.mainnav a[href]").Select(a => a.GetAttribute("href")!))
                {
                    if (!link.StartsWith('/') || link.StartsWith("//", StringComparison.Ordinal) || Skipped(link.Split('?')[0])) continue;
                    var pattern = Pattern(link);
                    if (perPattern.GetValueOrDefault(pattern) >= 2) continue;
                    perPattern[pattern] = perPattern.GetValueOrDefault(pattern) + 1;
                    queue.Enqueue(link);
                }
            }
            Assert.True(menu.Count >= 2, $"{user} ({roles}) has a menu");
            Assert.Contains("/inbox", seen);
        }
        Console.WriteLine($"Crawler: {checkedPages} pages checked for {users.Count} roles.");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct().Take(200)));
        Assert.True(checkedPages >= 60, $"only {checkedPages} pages were checked");
        Assert.True(timeChecked, "the applicant's application page was reached from the menu");
    }

    /// <summary>A link's shape: ids replaced, query values dropped (so a list's pages and filters count once or twice).</summary>
    private static string Pattern(string link)
    {
        var parts = link.Split('?', 2);
        var path = string.Join("/", parts[0].Split('/').Select(s => IdSegment().IsMatch(s) ? "{id}" : s));
        var keys = parts.Length > 1 ? string.Join("&", parts[1].Split('&').Select(kv => kv.Split('=')[0]).Order()) : "";
        return path + "?" + keys;
    }

    private static IEnumerable<string> Check(IDocument document)
    {
        foreach (var node in document.QuerySelectorAll("script, style, template")) node.Remove();
        // The language switch names the other language in its own words; the user menu shows the user name.
        // Identifiers shown on purpose for the secretariat (definition ids, cron, schedule keys) are set as code.
        foreach (var node in document.QuerySelectorAll(".lang, .who, code")) node.Remove();
        var texts = new List<string> { document.Title ?? "", document.Body!.TextContent };
        texts.AddRange(document.QuerySelectorAll("[placeholder], [title]").SelectMany(e => new[] { e.GetAttribute("placeholder") ?? "", e.GetAttribute("title") ?? "" }));
        var text = string.Join("\n", texts);
        foreach (Match m in EnglishWord().Matches(text))
            if (!Allowed.Contains(m.Value) && !IsUserName(m.Value)) yield return $"English or a raw key: '{m.Value}' in «{Around(text, m.Index)}»";
        foreach (Match m in Guid().Matches(text)) yield return $"a raw id {m.Value} in «{Around(text, m.Index)}»";
        foreach (Match m in IsoTime().Matches(text)) yield return $"an ISO time {m.Value} in «{Around(text, m.Index)}»";
        if (text.Contains("role:", StringComparison.Ordinal)) yield return "a raw role key";
    }

    /// <summary>Sign-in names (mishu1, zhuwei2, admin) are what people type to sign in: the pages show them beside the name.</summary>
    private static bool IsUserName(string word) =>
        Regex.IsMatch(word, "^(admin|mishu|zuzhang|fuzuzhang|chengyuan|dangwei|changwu|zhuanjia|zhuwei|huiyuan)$");

    private static string Around(string text, int index)
    {
        var start = Math.Max(0, index - 30);
        return text.Substring(start, Math.Min(text.Length - start, 70)).ReplaceLineEndings(" ");
    }
}
