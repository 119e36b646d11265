using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Engine.Activities;
using Workflows.Engine.Activities.Http;

namespace Workflows.Runtime.Http;

/// <summary>
/// The outgoing HTTP of the HTTP activities, on IHttpClientFactory. Network failures and timeouts are results (the
/// activities turn them into "Failed to connect" and "Timeout"); a body over Http:MaxResponseBytes faults the activity.
/// </summary>
public sealed partial class OutgoingHttpClient(IHttpClientFactory factory, IOptions<HttpWorkflowOptions> options, ILogger<OutgoingHttpClient> logger) : IOutgoingHttpClient
{
    public const string ClientName = "workflows-http-activities";

    public async Task<OutgoingHttpResponse> SendAsync(OutgoingHttpRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        if (!string.IsNullOrWhiteSpace(request.Authorization))
        {
            if (request.DisableAuthorizationHeaderValidation)
                message.Headers.TryAddWithoutValidation("Authorization", request.Authorization);
            else if (AuthenticationHeaderValue.TryParse(request.Authorization, out var authorization))
                message.Headers.Authorization = authorization;
            else
                throw new ActivityFaultException("Authorization 头的格式无效。 / The Authorization header value is not valid.");
        }
        foreach (var (name, value) in request.Headers)
            if (!message.Headers.TryAddWithoutValidation(name, value))
                throw new ActivityFaultException($"请求头 {name} 不能在这里设置。 / Header {name} cannot be set here.");
        if (request.Content is not null)
        {
            message.Content = new ByteArrayContent(request.Content);
            if (MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)) message.Content.Headers.ContentType = contentType;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(request.Timeout is { } t && t > TimeSpan.Zero ? t : options.Value.SendTimeout);
        try
        {
            using var response = await factory.CreateClient(ClientName).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await ReadLimitedAsync(response.Content, options.Value.MaxResponseBytes, timeout.Token);
            var headers = new JsonObject();
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                var list = values.ToList();
                headers[name] = list.Count == 1 ? JsonValue.Create(list[0]) : new JsonArray(list.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            }
            var fileName = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"');
            return new OutgoingHttpResponse(OutgoingHttpFailure.None, (int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body, headers, fileName);
        }
        catch (HttpRequestException ex)
        {
            LogFailed(request.Method, request.Url, ex.Message);
            return OutgoingHttpResponse.Failed(OutgoingHttpFailure.FailedToConnect);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(request.Method, request.Url);
            return OutgoingHttpResponse.Failed(OutgoingHttpFailure.Timeout);
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > limit) throw TooLarge(limit);
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) throw TooLarge(limit);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static ActivityFaultException TooLarge(long limit) =>
        new($"回应内容超过 {limit} 字节上限（Http:MaxResponseBytes）。 / The response exceeds {limit} bytes (Http:MaxResponseBytes).");

    [LoggerMessage(EventId = 4601, Level = LogLevel.Warning, Message = "HTTP {Method} {Url} failed to connect: {Reason}")]
    private partial void LogFailed(string method, Uri url, string reason);

    [LoggerMessage(EventId = 4602, Level = LogLevel.Warning, Message = "HTTP {Method} {Url} timed out")]
    private partial void LogTimedOut(string method, Uri url);
}
