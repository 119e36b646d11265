using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Workflows.Server.Tests.Support;
using Workflows.Testing;

namespace Workflows.Server.Tests.Elsa;

/// <summary>
/// The Elsa Studio bundle served from Paths:Studio (the npm package in node_modules by default): the right content
/// types, the precompressed variants the request accepts, long caching for fingerprinted files, and no sample page.
/// </summary>
public sealed class StudioAssetTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private static readonly string Package = RepoPaths.Combine("node_modules", "@elsa-workflows", "elsa-studio-wasm");

    private HttpClient Client() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static HttpRequestMessage Get(string path, string? acceptEncoding = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null) request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        return request;
    }

    private static string Framework(string pattern) =>
        Path.GetFileName(Directory.GetFiles(Path.Combine(Package, "_framework"), pattern).Single(f => !f.EndsWith(".br", StringComparison.Ordinal) && !f.EndsWith(".gz", StringComparison.Ordinal)));

    [Fact]
    public async Task Script_WithBrotliAccepted_IsTheBrVariant_DecompressingToTheFile()
    {
        using var response = await Client().SendAsync(Get("/studio/_framework/blazor.webassembly.js", "gzip, deflate, br, zstd"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["br"], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        await using var brotli = new BrotliStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await brotli.CopyToAsync(plain);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(Package, "_framework", "blazor.webassembly.js")), plain.ToArray());
    }

    [Fact]
    public async Task Script_WithGzipOnlyOrBrotliRefused_IsTheGzVariant()
    {
        using var gzipOnly = await Client().SendAsync(Get("/studio/_framework/blazor.webassembly.js", "gzip"));
        using var brRefused = await Client().SendAsync(Get("/studio/_framework/blazor.webassembly.js", "br;q=0, gzip;q=0.8"));

        Assert.Equal(["gzip"], gzipOnly.Content.Headers.ContentEncoding);
        Assert.Equal(["gzip"], brRefused.Content.Headers.ContentEncoding);
        await using var gzip = new GZipStream(await gzipOnly.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gzip.CopyToAsync(plain);
        Assert.Equal(new FileInfo(Path.Combine(Package, "_framework", "blazor.webassembly.js")).Length, plain.Length);
    }

    [Fact]
    public async Task Script_WithoutAcceptEncoding_IsThePlainFile()
    {
        using var response = await Client().SendAsync(Get("/studio/_framework/blazor.webassembly.js"));

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(Package, "_framework", "blazor.webassembly.js")), await response.Content.ReadAsByteArrayAsync());
        // Not fingerprinted: it is revalidated, so an upgraded package is picked up.
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Fact]
    public async Task FingerprintedWasm_IsApplicationWasm_CachedForAYear()
    {
        var assembly = Framework("Elsa.Studio.Shell.*.wasm");

        using var response = await Client().SendAsync(Get("/studio/_framework/" + assembly, "br"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/wasm", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
        Assert.Contains("immutable", response.Headers.CacheControl!.Extensions.Select(e => e.Name));
    }

    [Theory]
    [InlineData("icudt.*.dat", "application/octet-stream")]
    [InlineData("dotnet.native.*.wasm", "application/wasm")]
    [InlineData("dotnet.runtime.*.js", "text/javascript")]
    public async Task FrameworkFiles_HaveTheirContentTypes(string pattern, string contentType)
    {
        using var response = await Client().SendAsync(Get("/studio/_framework/" + Framework(pattern)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/studio/appsettings.json", "application/json")]
    [InlineData("/studio/_content/MudBlazor/MudBlazor.min.css", "text/css")]
    [InlineData("/studio/_content/Radzen.Blazor/fonts/RobotoFlex.woff2", "font/woff2")]
    [InlineData("/studio/_content/Elsa.Studio.Shell/site.webmanifest", "application/manifest+json")]
    public async Task ContentFiles_HaveTheirContentTypes(string path, string contentType)
    {
        using var response = await Client().SendAsync(Get(path, "br"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SamplePage_IsNotServed_AndTheFolderRedirectsToTheDesigner()
    {
        using var sample = await Client().SendAsync(Get("/studio/index.html"));
        using var folder = await Client().SendAsync(Get("/studio/"));

        Assert.Equal(HttpStatusCode.NotFound, sample.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, folder.StatusCode);
        Assert.Equal("/designer", folder.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/studio/%2e%2e/%2e%2e/appsettings.json")]
    [InlineData("/studio/..%2f..%2fREADME.md")]
    [InlineData("/studio/_framework/nope.wasm")]
    public async Task PathsOutsideThePackageOrMissing_Are404(string path)
    {
        using var response = await Client().SendAsync(Get(path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ConditionalRequest_WithTheETag_Is304()
    {
        var client = Client();
        using var first = await client.SendAsync(Get("/studio/_framework/blazor.webassembly.js", "br"));
        var request = Get("/studio/_framework/blazor.webassembly.js", "br");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var second = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task Head_AnswersHeadersWithoutBody()
    {
        using var response = await Client().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/studio/_framework/blazor.webassembly.js"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/workflows/instances/abc123/view", "/instances/abc123/studio")]
    [InlineData("/studio/workflows/instances/abc123/view", "/instances/abc123/studio")]
    [InlineData("/workflows/definitions/p2-party-branch-setup/edit", "/designer/p2-party-branch-setup")]
    public async Task StudiosOwnNavigations_RedirectToOurPages(string path, string target)
    {
        using var response = await Client().SendAsync(Get(path));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(target, response.Headers.Location?.OriginalString);
    }
}

/// <summary>Paths:Studio points anywhere; a folder without the package makes the pages say how to install it.</summary>
public sealed class StudioFolderTests : IDisposable
{
    private readonly TempFolder _folder = new("studio");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ConfiguredFolder_IsWhereAssetsComeFrom()
    {
        Directory.CreateDirectory(_folder.File("_framework"));
        await File.WriteAllTextAsync(_folder.File(Path.Combine("_framework", "blazor.webassembly.js")), "// configured copy");
        using var app = new WorkflowsApp();
        app.Settings["Paths:Studio"] = _folder.Path;

        var text = await (await app.ClientAsync()).GetStringAsync("/studio/_framework/blazor.webassembly.js");

        Assert.Equal("// configured copy", text);
    }

    [Fact]
    public async Task MissingPackage_EditorPageExplainsHowToInstall()
    {
        using var app = new WorkflowsApp();
        app.Settings["Paths:Studio"] = _folder.File("absent");
        var client = await app.ClientAsync();
        await Support.PageSession.SignInAsync(client, "mishu1");

        var page = await client.GetStringAsync("/designer/p2-party-branch-setup");

        Assert.Contains("设计器未安装", page);
        Assert.Contains("scripts/bootstrap.sh", page);
        Assert.DoesNotContain("<elsa-workflow-definition-editor", page);
    }
}
