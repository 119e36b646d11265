using Microsoft.OpenApi;
using Scalar.AspNetCore;
using Workflows.Server.Auth;

namespace Workflows.Server.Hosting;

/// <summary>
/// The OpenAPI document of our API (/api) and the Elsa API (/elsa/api) at /openapi/v1.json (Microsoft.AspNetCore.OpenApi),
/// and Scalar's interactive reference at /api/docs.
/// <para>
/// Who may read them: the secretariat and administrators, the people who integrate with the service. They describe
/// endpoints, not data, but list every internal operation; others get 403. Under the service's CSP (scripts from our
/// own origin only) Scalar's own page, which starts with an inline script, cannot run, so /api/docs is our page that
/// loads Scalar's bundled script (served by Scalar.AspNetCore under /api/docs/ui/) and starts it from a file of ours.
/// </para>
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentPattern = "/openapi/{documentName}.json";
    public const string DocsPath = "/api/docs";
    private const string ScalarAssets = "/api/docs/ui";

    public static IServiceCollection AddWorkflowsOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath is { } path && (path.StartsWith("api/", StringComparison.Ordinal) || path.StartsWith("elsa/api", StringComparison.Ordinal));
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "协会流程服务 API / Workflow service API",
                    Version = "v1",
                    Description = "/api: 本服务的接口（待办、规则、实例操作）；/elsa/api: Elsa Studio 调用的 Elsa 3 接口。均需 Authorization: Bearer 令牌（POST /api/auth/login）。 / " +
                        "/api: the service's own API; /elsa/api: the Elsa 3 API Elsa Studio calls. Both take bearer tokens (POST /api/auth/login).",
                };
                return Task.CompletedTask;
            });
        });

    public static void MapWorkflowsOpenApi(this WebApplication app)
    {
        app.MapOpenApi(DocumentPattern).RequireAuthorization(Policies.Secretariat);
        app.MapScalarApiReference(ScalarAssets, o => o.WithOpenApiRoutePattern(DocumentPattern).WithTitle("协会流程服务 API"))
            .RequireAuthorization(Policies.Secretariat);
        app.MapGet(DocsPath, () => Results.Content(Page, "text/html; charset=utf-8"))
            .RequireAuthorization(Policies.Secretariat).ExcludeFromDescription();
    }

    private const string Page = $$"""
        <!doctype html>
        <html lang="zh-CN">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>协会流程服务 API 文档 / API reference</title>
        </head>
        <body>
          <div id="app" data-openapi-url="/openapi/v1.json"></div>
          <script src="{{ScalarAssets}}/scalar.js"></script>
          <script src="/js/api-docs.js"></script>
        </body>
        </html>
        """;
}
