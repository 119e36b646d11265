using Workflows.Runtime.Hosting;

namespace Workflows.Server.Hosting;

public static class Health
{
    /// <summary>200 once migrated, seeded and loaded; 503 before that (load balancers and scripts wait on it).</summary>
    public static void MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", (StartupGate gate) => gate.IsReady
            ? Results.Ok(new { status = "ready" })
            : Results.Json(new { status = "starting" }, statusCode: StatusCodes.Status503ServiceUnavailable))
            .AllowAnonymous();
}

public static class RequestLimits
{
    /// <summary>Definitions with hundreds of activities stay well under this; anything bigger is refused.</summary>
    public const long MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Kestrel enforces the limit while reading; this answers early, with a clear message, when the length is
    /// declared, and applies the same limit under the test server.
    /// </summary>
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > MaxBodyBytes)
            {
                await Security.Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
                    Ui.T($"请求内容超过 {MaxBodyBytes / 1024 / 1024} MB 上限。", $"The request body exceeds {MaxBodyBytes / 1024 / 1024} MB."));
                return;
            }
            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                feature.MaxRequestBodySize = MaxBodyBytes;
            await next();
        });
}

/// <summary>Error body: Studio shows <c>errors</c>, else <c>detail</c>, else <c>title</c>.</summary>
public sealed record ApiError(string Title, string Detail, IReadOnlyList<string>? Errors = null);
