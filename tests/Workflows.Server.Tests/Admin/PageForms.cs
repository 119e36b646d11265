using System.Net;
using System.Text.RegularExpressions;

namespace Workflows.Server.Tests.Admin;

/// <summary>Posts a page's forms the way a browser does: with the antiforgery token the page rendered.</summary>
internal static partial class PageForms
{
    public static async Task<string> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Submits a handler of the page at <paramref name="path"/>; returns the response (not following redirects).</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string handler, Dictionary<string, string> fields)
    {
        var page = await GetAsync(client, path);
        var token = Token().Match(page);
        Assert.True(token.Success, "the page renders no antiforgery token");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return await client.PostAsync($"{path}{separator}handler={handler}", new FormUrlEncodedContent(form));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
