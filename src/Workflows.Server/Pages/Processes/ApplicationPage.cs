using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workflows.Association.Rules;
using Workflows.Association.Rules.Validation;
using Workflows.Runtime.Execution;
using Workflows.Server.Auth;

namespace Workflows.Server.Pages.Processes;

/// <summary>
/// The start pages' common part: "check" shows field errors and the rule results without starting anything;
/// "submit" checks the same way and starts the process only when no hard rule fails, as the applicant.
/// </summary>
public abstract class ApplicationPageModel(WorkflowRuntime runtime, Workflows.Runtime.Definitions.DefinitionStore definitions) : PageModel
{
    public RuleCheckResult? Check { get; protected set; }

    public IReadOnlyList<FieldError> FieldErrors { get; protected set; } = [];

    public string? Error { get; protected set; }

    public string? FieldError(string path) =>
        FieldErrors.FirstOrDefault(e => e.Path == path) is { } e ? Hosting.Ui.T(e.Message, e.MessageEn) : null;

    protected abstract string DefinitionId { get; }

    /// <summary>Reads the form into the workflow's application JSON, validates it and runs the rules.</summary>
    protected abstract Task<JsonObject?> ValidateAsync(CancellationToken cancellationToken);

    public virtual Task OnGetAsync(CancellationToken cancellationToken) => LoadChoicesAsync(cancellationToken);

    protected abstract Task LoadChoicesAsync(CancellationToken cancellationToken);

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken cancellationToken)
    {
        await LoadChoicesAsync(cancellationToken);
        await ValidateAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync(CancellationToken cancellationToken)
    {
        await LoadChoicesAsync(cancellationToken);
        var application = await ValidateAsync(cancellationToken);
        if (application is null) return Page();
        if (Check is { Eligible: false })
        {
            Error = Hosting.Ui.T("不符合以下硬性条件，不能提交：", "Hard rules fail; the application cannot be submitted: ")
                + string.Join("；", Check.Failures.Select(f => Hosting.Ui.T(f.Message, f.MessageEn)));
            return Page();
        }

        var input = new JsonObject { ["Application"] = application };
        if (await definitions.FindAsync(DefinitionId, Workflows.Runtime.Definitions.VersionOptions.Published, cancellationToken) is { } definition)
        {
            var refusal = !Security.StartPermissions.MayStart(definition, User)
                ? Hosting.Ui.T("您的角色不能发起此流程。", "Your role may not start this process.")
                : await HttpContext.RequestServices.GetRequiredService<Security.ApplicantRules>().RefusalAsync(definition, User, input, cancellationToken);
            if (refusal is not null)
            {
                Error = refusal;
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
            }
        }

        var outcome = await runtime.StartAsync(new StartWorkflowRequest
        {
            DefinitionId = DefinitionId,
            Input = input,
            InitiatedBy = User.ToActor().UserName,
        }, cancellationToken);
        if (!outcome.Succeeded || outcome.InstanceId is null)
        {
            Error = outcome.Message;
            return Page();
        }

        return LocalRedirect($"/processes/instances/{Uri.EscapeDataString(outcome.InstanceId)}");
    }
}
