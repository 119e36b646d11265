using System.Net;
using System.Text.RegularExpressions;

namespace Workflows.Server.Tests.Elsa.Support;

/// <summary>Signs a test client in through the real sign-in page (cookie and antiforgery token included).</summary>
public static partial class PageSession
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();

    public static string Token(string html) => AntiforgeryPattern().Match(html).Groups[1].Value;

    public static async Task SignInAsync(HttpClient client, string user)
    {
        var form = await client.GetStringAsync("/login");
        using var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = user,
            ["password"] = "Passw0rd!",
            ["__RequestVerificationToken"] = Token(form),
        }));
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"sign-in failed: {response.StatusCode}");
    }
}
