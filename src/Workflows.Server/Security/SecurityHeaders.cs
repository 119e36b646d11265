namespace Workflows.Server.Security;

public sealed class SecurityHeaderOptions
{
    /// <summary>
    /// Nothing from outside; Studio's WebAssembly needs 'wasm-unsafe-eval' and its components set inline styles;
    /// Monaco starts its workers from blob: addresses. The one hash is the inline script Elsa Studio 3.8.2's editor adds
    /// at run time (it defines <c>editorHotkeys</c>; without it the editor fails): that exact text, nothing else inline.
    /// </summary>
    public string ContentSecurityPolicy { get; set; } =
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-snlP1jz0gjwc5cTz9ErZcliXuCK63+Mmf68RRCeptgc='; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-src 'self'; frame-ancestors 'self'; " +
        "form-action 'self'; base-uri 'self'; object-src 'none'";

    public string ReferrerPolicy { get; set; } = "strict-origin-when-cross-origin";
}

/// <summary>Security headers on every answer: pages, the API, static files and Studio's files alike.</summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityHeaderOptions>>().Value;
        return app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = options.ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "SAMEORIGIN";
                headers["Referrer-Policy"] = options.ReferrerPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next();
        });
    }
}
