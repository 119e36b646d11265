using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using static Workflows.Engine.Activities.Describe;

namespace Workflows.Engine.Activities.Http;

/// <summary>
/// Elsa.WriteHttpResponse (elsa-core src/modules/Elsa.Http/Activities/WriteHttpResponse.cs): the response to the request
/// this burst runs for. It is held until the burst has committed, then written by the server.
/// </summary>
public sealed class WriteHttpResponseActivity : CodeActivity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.WriteHttpResponse",
        Name = "WriteHttpResponse",
        Category = HttpCategory.Http,
        DisplayName = new("HTTP 回应", "HTTP Response"),
        Description = new("向当前 HTTP 请求写回回应（状态码、内容、请求头）。", "Write a response to the current HTTP response object."),
        Inputs =
        [
            Input("StatusCode", "System.Net.HttpStatusCode, System.Net.Primitives", "状态码", "Status code", "要返回的状态码。", "The status code to return.", uiHint: "dropdown",
                defaultValue: "OK", uiSpecifications: Dropdown(Enum.GetNames<HttpStatusCode>().Distinct().Select(n => (n, n)).ToArray()), order: 0),
            Input("Content", "Object", "内容", "Content", "要写回的内容：字符串原样发送，对象序列化为 JSON。", "The content to write back. String values will be sent as-is, while objects will be serialized to a JSON string.", order: 1),
            Input("ContentType", "String", "内容类型", "Content type", "回应的内容类型；留空则按内容决定。", "The content type to write when sending the response.", uiHint: "dropdown",
                uiSpecifications: Dropdown(HttpContentCodec.ContentTypes.Select(c => (c, c)).ToArray()), order: 2),
            Input("ResponseHeaders", "Elsa.Http.Models.HttpHeaders, Elsa.Http", "回应头", "Response headers", "随回应发送的请求头（JSON 对象）。", "The headers to send along with the response.", uiHint: "json-editor", order: 3),
        ],
    };

    protected override async ValueTask RunAsync(ActivityExecutionContext context)
    {
        var exchange = HttpContentCodec.RequireExchange(context);
        var status = HttpContentCodec.StatusCode(await context.EvaluateInputAsync("StatusCode")) ?? 200;
        var headers = HttpContentCodec.ReadHeaders(await context.EvaluateInputAsync("ResponseHeaders"));
        var content = await context.EvaluateInputAsync("Content");
        string? contentType = null;
        byte[]? body = null;
        if (content is not null)
        {
            contentType = await context.GetStringAsync("ContentType") is { Length: > 0 } given ? given : HttpContentCodec.DefaultContentType(content);
            if (status != (int)HttpStatusCode.NoContent) body = HttpContentCodec.Serialize(content, contentType);
        }
        exchange.Response = new HttpResponseData(status, contentType, body, headers);
    }
}

/// <summary>
/// Elsa.WriteFileHttpResponse (elsa-core src/modules/Elsa.Http/Activities/WriteFileHttpResponse.cs): sends a file, or
/// several zipped, as the response; no content answers 204. Content may be text, bytes, a URL (downloaded) or what
/// DownloadHttpFile produced, or an array of those.
/// </summary>
public sealed class WriteFileHttpResponseActivity : CodeActivity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.WriteFileHttpResponse",
        Name = "WriteFileHttpResponse",
        Category = HttpCategory.Http,
        DisplayName = new("HTTP 文件回应", "HTTP File Response"),
        Description = new("把一个文件（多个则打包为 zip）作为 HTTP 回应发送。", "Send one ore more files (zipped) to the HTTP response."),
        Inputs =
        [
            Input("ContentType", "String", "内容类型", "Content type", "文件的内容类型；留空则按文件名决定。", "The content type of the file to serve. Leave empty to let the system determine the content type.", order: 0),
            Input("Filename", "String", "文件名", "Filename", "下载时的文件名；留空自动决定。", "The name of the file to serve. Leave empty to let the system determine the file name.", order: 1),
            Input("EntityTag", "String", "ETag", "Entity tag", "文件的 ETag；留空不发送。", "The Entity Tag of the file to serve. Leave empty to let the system determine the Entity Tag.", order: 2),
            Input("Content", "Object", "文件内容", "Content", "文件内容：文本、字节、URL、下载的文件，或它们的数组。", "The file content to serve. Supports various types, such as byte array, stream, string, Uri, Downloadable and a (mixed) array of the aforementioned types.", order: 3),
            Input("EnableResumableDownloads", "Boolean", "断点续传", "Enable resumable downloads", "允许客户端断点续传（本服务按整文件发送）。", "Whether to enable resumable downloads. When enabled, the client can resume a download if the connection is lost.", uiHint: "checkbox", order: 4),
            Input("DownloadCorrelationId", "String", "下载关联号", "Download correlation ID", "用于续传的下载关联号。", "The correlation ID of the download used to resume a download. If left empty, the x-download-id header will be used.", order: 5),
        ],
    };

    protected override async ValueTask RunAsync(ActivityExecutionContext context)
    {
        var exchange = HttpContentCodec.RequireExchange(context);
        var content = await context.EvaluateInputAsync("Content");
        var files = new List<FilePart>();
        foreach (var item in Items(content))
            files.Add(await ResolveAsync(context, item, files.Count));
        var contentType = await context.GetStringAsync("ContentType");
        var filename = await context.GetStringAsync("Filename");
        var eTag = await context.GetStringAsync("EntityTag");
        if (files.Count == 0)
        {
            exchange.Response = new HttpResponseData((int)HttpStatusCode.NoContent, null, null, []);
            return;
        }

        FilePart file;
        if (files.Count == 1)
        {
            var single = files[0];
            var name = !string.IsNullOrWhiteSpace(filename) ? filename : single.Name ?? "file.bin";
            file = new FilePart(single.Bytes, name, !string.IsNullOrWhiteSpace(contentType) ? contentType : single.ContentType ?? ContentTypeFor(name));
        }
        else
        {
            file = new FilePart(Zip(files), !string.IsNullOrWhiteSpace(filename) ? filename : "download.zip", !string.IsNullOrWhiteSpace(contentType) ? contentType : "application/zip");
        }
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Disposition", $"attachment; filename=\"{Ascii(file.Name!)}\"; filename*=UTF-8''{Uri.EscapeDataString(file.Name!)}"),
        };
        if (!string.IsNullOrWhiteSpace(eTag)) headers.Add(new("ETag", eTag.StartsWith('"') ? eTag : $"\"{eTag}\""));
        exchange.Response = new HttpResponseData(200, file.ContentType, file.Bytes, headers, file.Name);
    }

    private sealed record FilePart(byte[] Bytes, string? Name, string? ContentType);

    private static IEnumerable<JsonNode> Items(JsonNode? content) => content switch
    {
        null => [],
        JsonArray a when IsByteArray(a) => [a],
        JsonArray a => a.Where(i => i is not null).Select(i => i!),
        JsonValue v when v.TryGetValue<string>(out var s) && s.Length == 0 => [],
        _ => [content],
    };

    private static bool IsByteArray(JsonArray a) =>
        a.Count > 0 && a.All(i => i is JsonValue v && v.TryGetValue<int>(out var b) && b is >= 0 and <= 255);

    private static async ValueTask<FilePart> ResolveAsync(ActivityExecutionContext context, JsonNode item, int index)
    {
        switch (item)
        {
            case JsonArray bytes when IsByteArray(bytes):
                return new FilePart(bytes.Select(b => (byte)b!.GetValue<int>()).ToArray(), null, null);
            case JsonObject file when HttpFileJson.Bytes(file) is { } data:
                return new FilePart(data, file.GetString("fileName") ?? file.GetString("filename"), file.GetString("contentType"));
            case JsonValue v when v.TryGetValue<string>(out var text) && Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https":
                var client = context.GetRequiredService<IOutgoingHttpClient>();
                var response = await client.SendAsync(new OutgoingHttpRequest("GET", url, null, null, [], null, false, null), context.CancellationToken);
                if (response.Failure != OutgoingHttpFailure.None || response.StatusCode is < 200 or > 299)
                    throw new ActivityFaultException($"无法下载文件 {url}（{(response.Failure != OutgoingHttpFailure.None ? response.Failure : response.StatusCode)}）。 / Could not download {url}.");
                var urlName = Path.GetFileName(url.LocalPath);
                return new FilePart(response.Content, response.FileName ?? (urlName.Length > 0 ? urlName : $"file{index + 1}.bin"), response.ContentType);
            default:
                return new FilePart(Encoding.UTF8.GetBytes(ValueConversion.ToText(item) ?? ""), $"file{index + 1}.txt", "text/plain");
        }
    }

    private static byte[] Zip(IReadOnlyList<FilePart> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < files.Count; i++)
            {
                var name = files[i].Name ?? $"file{i + 1}.bin";
                if (!names.Add(name)) name = $"{i + 1}-{name}";
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(files[i].Bytes);
            }
        }
        return buffer.ToArray();
    }

    private static string Ascii(string name) => new(name.Select(c => c is >= ' ' and < (char)127 and not '"' ? c : '_').ToArray());

    public static string ContentTypeFor(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".txt" => "text/plain",
        ".csv" => "text/csv",
        ".json" => "application/json",
        ".xml" => "application/xml",
        ".html" or ".htm" => "text/html",
        ".pdf" => "application/pdf",
        ".zip" => "application/zip",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => HttpContentCodec.Octet,
    };
}

/// <summary>A downloaded file as workflow state holds it (Elsa's HttpFile is not serialisable; this is its JSON form).</summary>
public static class HttpFileJson
{
    public static JsonObject Create(byte[] bytes, string? fileName, string? contentType) => new()
    {
        ["fileName"] = fileName,
        ["contentType"] = contentType,
        ["length"] = bytes.Length,
        ["base64"] = Convert.ToBase64String(bytes),
    };

    public static byte[]? Bytes(JsonObject file)
    {
        if (file.GetString("base64") is not { } base64) return null;
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
