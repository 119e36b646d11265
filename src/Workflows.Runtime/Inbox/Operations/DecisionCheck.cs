using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

/// <summary>
/// The checks every decision on a task goes through (complete, sign, a delegate's proposal): the outcome is one the
/// task offers, a comment is there when the outcome needs one, and the form data passes the task's form.
/// </summary>
public static class DecisionCheck
{
    /// <summary>Returns the accepted form values, or throws 400 with every problem listed.</summary>
    public static async Task<JsonObject> ValidateAsync(WorkflowsDbContext db, TaskRecord task, string? outcome, string? comment, JsonObject? formData, CancellationToken cancellationToken)
    {
        var outcomes = TaskJson.Outcomes(task);
        if (string.IsNullOrWhiteSpace(outcome) || !outcomes.Contains(outcome, StringComparer.Ordinal))
        {
            throw InboxKit.Invalid($"办理结果 {outcome} 不可用，可选：{string.Join("、", outcomes)}。 / Outcome {outcome} is not one of {string.Join(", ", outcomes)}.");
        }
        if (TaskJson.CommentRequiredFor(task).Contains(outcome, StringComparer.Ordinal) && string.IsNullOrWhiteSpace(comment))
            throw InboxKit.Invalid($"选择“{TaskJson.OutcomeLabel(task, outcome).Zh}”时必须填写意见。 / A comment is required for {outcome}.");

        var fields = TaskForm.Fields(task);
        if (fields.Count == 0)
        {
            // A task without a declared form passes the submitted data through unchanged, as before forms existed.
            return formData?.DeepClone() as JsonObject ?? [];
        }
        var variables = fields.Any(f => f.Mode != FieldMode.Editable && f.Value is null && f.Variable is not null)
            ? TaskForm.Variables(await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == task.InstanceId, cancellationToken))
            : null;
        var enforceRequired = !TaskForm.OutcomesWithoutRequiredFields.Contains(outcome, StringComparer.OrdinalIgnoreCase);
        var (accepted, errors) = TaskForm.Validate(fields, formData, f => TaskForm.CurrentValue(f, variables), enforceRequired);
        if (errors.Count > 0) throw InboxKit.Invalid("表单填写有误：" + string.Join(" ", errors), errors);
        return accepted;
    }
}
