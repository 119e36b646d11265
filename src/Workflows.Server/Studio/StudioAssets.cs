using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Workflows.Server.Hosting;

namespace Workflows.Server.Studio;

/// <summary>Where the npm package @elsa-workflows/elsa-studio-wasm was installed (configuration key Paths:Studio).</summary>
public sealed class StudioOptions
{
    public const string DefaultFolder = "../../node_modules/@elsa-workflows/elsa-studio-wasm";

    public required string Folder { get; init; }

    public bool IsInstalled => File.Exists(Path.Combine(Folder, "_framework", "blazor.webassembly.js"));
}

/// <summary>
/// Serves the Elsa Studio bundle under <c>/studio/</c>. The package ships every file plain, <c>.br</c> and <c>.gz</c>;
/// the browser asks for plain names only, so the encoding is negotiated here. Fingerprinted <c>_framework</c> files
/// never change under their name and are cached for a year; everything else is revalidated (dotnet.js embeds the
/// boot manifest with the hashes of the assemblies, so it must not be served stale after an upgrade).
/// </summary>
public static partial class StudioAssets
{
    public const string Prefix = "/studio";

    // The package's sample page uses a tag 3.8.2 never registers (elsa-studio-api.md §1.2); our pages host the elements.
    private static readonly HashSet<string> Hidden = new(StringComparer.OrdinalIgnoreCase) { "index.html" };

    private static readonly FileExtensionContentTypeProvider ContentTypes = CreateContentTypes();

    public static IServiceCollection AddStudioAssets(this IServiceCollection services, IConfiguration configuration, string contentRoot) =>
        services.AddSingleton(new StudioOptions { Folder = PathResolver.Resolve(contentRoot, configuration["Paths:Studio"] ?? StudioOptions.DefaultFolder) });

    public static void MapStudioAssets(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<StudioOptions>();
        var logger = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Workflows.Studio");
        if (!options.IsInstalled)
            logger.LogWarning("Elsa Studio is not installed at {Folder}; run scripts/bootstrap.sh (npm ci). The designer pages will say so", options.Folder);
        var files = Directory.Exists(options.Folder) ? new PhysicalFileProvider(options.Folder) : null;

        // "/studio" and "/studio/" are one route.
        app.MapGet(Prefix, () => Results.Redirect("/designer")).AllowAnonymous();

        // Studio's own navigations: after Run the editor opens workflows/instances/{id}/view (pitfall 27), after Save As
        // workflows/definitions/{id}/edit. The page sends them to our pages (wwwroot/js/studio-host.js); these answer
        // the same addresses when they are loaded directly (a reload, a bookmark).
        foreach (var prefix in new[] { "", Prefix })
        {
            app.MapGet(prefix + "/workflows/instances/{id}/view", (string id) => Results.Redirect($"/instances/{Uri.EscapeDataString(id)}/studio")).AllowAnonymous();
            app.MapGet(prefix + "/workflows/definitions/{id}/edit", (string id) => Results.Redirect($"/designer/{Uri.EscapeDataString(id)}")).AllowAnonymous();
        }

        app.MapMethods(Prefix + "/{**path}", [HttpMethods.Get, HttpMethods.Head], (string? path, HttpContext http) => Serve(files, path, http))
            .AllowAnonymous()
            .ExcludeFromDescription();
    }

    private static IResult Serve(PhysicalFileProvider? files, string? path, HttpContext http)
    {
        if (files is null || string.IsNullOrEmpty(path) || Hidden.Contains(path)) return Results.NotFound();
        var plain = files.GetFileInfo(path);
        if (!plain.Exists || plain.IsDirectory || plain.PhysicalPath is null) return Results.NotFound();
        if (!ContentTypes.TryGetContentType(path, out var contentType)) contentType = "application/octet-stream";

        var headers = http.Response.Headers;
        headers.CacheControl = IsFingerprinted(path) ? "public, max-age=31536000, immutable" : "no-cache";
        headers.Vary = HeaderNames.AcceptEncoding;
        headers.XContentTypeOptions = "nosniff";

        var file = plain;
        foreach (var (encoding, suffix) in Encodings(http.Request.Headers.AcceptEncoding))
        {
            var candidate = files.GetFileInfo(path + suffix);
            if (!candidate.Exists || candidate.PhysicalPath is null) continue;
            headers.ContentEncoding = encoding;
            file = candidate;
            break;
        }

        var etag = new EntityTagHeaderValue($"\"{file.Length:x}-{file.LastModified.ToUnixTimeSeconds():x}{(file == plain ? "" : "-" + headers.ContentEncoding)}\"");
        // Ranges over an encoded body would be ranges of the compressed bytes; browsers never ask for them here.
        return Results.File(file.PhysicalPath!, contentType, lastModified: file.LastModified, entityTag: etag, enableRangeProcessing: file == plain);
    }

    /// <summary>Brotli first, then gzip, as far as the request accepts them (a q of 0 refuses).</summary>
    internal static IEnumerable<(string Encoding, string Suffix)> Encodings(StringValues acceptEncoding)
    {
        var accepted = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        if (StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var values))
        {
            foreach (var value in values)
                accepted[value.Value.Value ?? ""] = value.Quality ?? 1;
        }
        var wildcard = accepted.TryGetValue("*", out var any) ? any : 0;
        foreach (var (encoding, suffix) in new[] { ("br", ".br"), ("gzip", ".gz") })
        {
            var quality = accepted.TryGetValue(encoding, out var q) ? q : wildcard;
            if (quality > 0) yield return (encoding, suffix);
        }
    }

    /// <summary>Blazor's publish names every _framework file but the loaders with a 10-character content hash.</summary>
    internal static bool IsFingerprinted(string path) =>
        path.StartsWith("_framework/", StringComparison.OrdinalIgnoreCase) && FingerprintPattern().IsMatch(path);

    [GeneratedRegex(@"\.[a-z0-9]{10}\.(wasm|js|dat|dll|pdb)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FingerprintPattern();

    private static FileExtensionContentTypeProvider CreateContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".wasm"] = "application/wasm";
        // Not in ASP.NET's table: without these the files would be refused or sniffed (pitfall 20).
        provider.Mappings[".dat"] = "application/octet-stream";
        provider.Mappings[".dll"] = "application/octet-stream";
        provider.Mappings[".pdb"] = "application/octet-stream";
        provider.Mappings[".blat"] = "application/octet-stream";
        provider.Mappings[".js"] = "text/javascript";
        provider.Mappings[".mjs"] = "text/javascript";
        provider.Mappings[".json"] = "application/json";
        provider.Mappings[".map"] = "application/json";
        provider.Mappings[".webmanifest"] = "application/manifest+json";
        provider.Mappings[".woff2"] = "font/woff2";
        provider.Mappings[".cur"] = "image/x-icon";
        provider.Mappings[".scss"] = "text/x-scss";
        return provider;
    }
}
