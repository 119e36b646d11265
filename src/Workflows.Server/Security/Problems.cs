using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Workflows.Server.Hosting;

namespace Workflows.Server.Security;

/// <summary>
/// ProblemDetails answers (RFC 9457) in the reader's language, zh-CN unless they chose English. <c>errors</c> repeats the
/// detail because Elsa Studio shows <c>errors</c> first (see <see cref="ApiError"/>).
/// </summary>
public static class Problems
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public static ProblemDetails Create(int status, string? detail = null, string? title = null, IReadOnlyList<string>? errors = null)
    {
        var (defaultTitle, defaultDetail) = Texts(status);
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title ?? defaultTitle,
            Detail = detail ?? defaultDetail,
            Type = "https://www.rfc-editor.org/rfc/rfc9110#status." + status,
        };
        problem.Extensions["errors"] = errors ?? [problem.Detail];
        return problem;
    }

    public static async Task WriteAsync(HttpContext http, int status, string? detail = null, string? title = null)
    {
        if (http.Response.HasStarted) return;
        http.Response.StatusCode = status;
        await http.Response.WriteAsJsonAsync(Create(status, detail, title), Json, "application/problem+json; charset=utf-8");
    }

    public static IResult Result(int status, string? detail = null, string? title = null, IReadOnlyList<string>? errors = null) =>
        Results.Json(Create(status, detail, title, errors), Json, "application/problem+json; charset=utf-8", status);

    /// <summary>Writes a problem body for every error status that left the pipeline without one.</summary>
    public static IApplicationBuilder UseProblemBodies(this IApplicationBuilder app) =>
        app.UseStatusCodePages(ctx => WriteAsync(ctx.HttpContext, ctx.HttpContext.Response.StatusCode));

    private static (string Title, string Detail) Texts(int status) => status switch
    {
        400 => (Ui.T("请求无效", "Bad request"), Ui.T("请求无法处理。", "The request cannot be processed.")),
        401 => (Ui.T("需要登录", "Sign-in required"), Ui.T("请先登录，或使用有效的访问令牌。", "Sign in, or send a valid access token.")),
        403 => (Ui.T("无权访问", "Access denied"), Ui.T("您没有执行此操作的权限。", "You are not allowed to do this.")),
        404 => (Ui.T("未找到", "Not found"), Ui.T("请求的内容不存在。", "What you asked for does not exist.")),
        405 => (Ui.T("方法不允许", "Method not allowed"), Ui.T("此地址不支持该请求方法。", "This address does not support the method.")),
        409 => (Ui.T("冲突：状态已变化", "Conflict: the state has changed"), Ui.T("请刷新后重试。", "Reload and try again.")),
        413 => (Ui.T("请求内容过大", "Request too large"), Ui.T("请求内容超过上限。", "The request body is over the limit.")),
        415 => (Ui.T("不支持的内容类型", "Unsupported media type"), Ui.T("请以 application/json 发送请求内容。", "Send the body as application/json.")),
        429 => (Ui.T("请求过于频繁", "Too many requests"), Ui.T("请稍后再试。", "Try again later.")),
        >= 500 => (Ui.T("服务器错误", "Server error"), Ui.T("服务器出现错误，请稍后再试。", "The server failed; try again later.")),
        _ => (Ui.T("请求失败", "Request failed"), Ui.T("请求无法完成。", "The request could not be completed.")),
    };
}
