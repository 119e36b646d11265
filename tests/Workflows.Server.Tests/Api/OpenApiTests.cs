using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Api;

/// <summary>The OpenAPI document (/openapi/v1.json) and Scalar's reference (/api/docs).</summary>
public sealed partial class OpenApiTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    [Fact]
    public async Task Document_ListsEveryMappedApiEndpoint()
    {
        var client = await app.ClientAsync("mishu1");
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["paths"]!.AsObject();

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/", StringComparison.Ordinal) || raw.StartsWith("/elsa/api/", StringComparison.Ordinal)))
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription != true)
            .ToList();
        Assert.True(endpoints.Count > 50, $"only {endpoints.Count} endpoints found");

        var missing = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var path = Parameter().Replace(endpoint.RoutePattern.RawText!.TrimEnd('/'), m => "{" + m.Groups[1].Value + "}");
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            foreach (var method in methods)
                if (paths[path] is not JsonObject operations || operations[method.ToLowerInvariant()] is null)
                    missing.Add($"{method} {path}");
        }
        Assert.True(missing.Count == 0, "missing from the document: " + string.Join(", ", missing));
        Assert.NotNull(paths["/elsa/api/alterations/run"]?["post"]);
        Assert.NotNull(paths["/api/auth/login"]?["post"]);
    }

    [Fact]
    public async Task DocsPage_LoadsScalarFromOurOriginWithoutInlineScript()
    {
        var client = await app.ClientAsync("mishu1");
        using var page = await client.GetAsync("/api/docs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"/api/docs/ui/scalar.js\"></script>", html);
        Assert.DoesNotMatch("<script>[^<]", html);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        using var script = await client.GetAsync("/api/docs/ui/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("javascript", script.Content.Headers.ContentType?.MediaType);
        using var starter = await client.GetAsync("/js/api-docs.js");
        Assert.Equal(HttpStatusCode.OK, starter.StatusCode);
    }

    [Fact]
    public async Task DocumentAndDocs_AreForTheSecretariat_StrangersRefused()
    {
        var member = await app.ClientAsync("huiyuan1");
        var expert = await app.ClientAsync("zhuanjia1");
        var anonymous = await app.ClientAsync();
        foreach (var path in new[] { "/openapi/v1.json", "/api/docs" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await expert.GetAsync(path)).StatusCode);
            // Anonymous: 401 for the API's bearer scheme, or sent to sign-in by the pages' cookie scheme; never the content.
            using var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized || response.RequestMessage!.RequestUri!.AbsolutePath.StartsWith("/login", StringComparison.Ordinal),
                $"{path}: {response.StatusCode} at {response.RequestMessage?.RequestUri}");
            Assert.DoesNotContain("scalar.js", await response.Content.ReadAsStringAsync());
            Assert.DoesNotContain("\"openapi\"", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.OK, (await (await app.ClientAsync("admin")).GetAsync("/openapi/v1.json")).StatusCode);
    }

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z0-9_]+)(?::[^}]*)?\??\}")]
    private static partial Regex Parameter();
}
