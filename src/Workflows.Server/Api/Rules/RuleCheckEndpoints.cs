using Workflows.Association.Activities;
using Workflows.Association.Rules;
using Workflows.Association.Rules.Validation;
using Workflows.Runtime.Persistence;

namespace Workflows.Server.Api.Rules;

/// <summary>
/// The secretariat's pre-checks, also open to applicants (a member unit checks its candidates before it
/// applies; the checks reveal nothing but the thresholds): <c>POST /api/rules/office-holder-check</c> (000 §4.3)
/// and <c>POST /api/rules/branch-founding-check</c> (001 §8–9, 000 §4.1–4.2), both answering
/// <c>{eligible, rules:[{rule, source, kind, passed, message, messageEn}]}</c>. Malformed input answers 400 with
/// one message per field, keyed by its JSON path.
/// </summary>
public static class RuleCheckEndpoints
{
    public static void MapRuleCheckEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rules").RequireAuthorization();
        group.MapPost("/office-holder-check", OfficeHolderCheckAsync);
        group.MapPost("/branch-founding-check", BranchFoundingCheckAsync);
    }

    private static async Task<IResult> OfficeHolderCheckAsync(HttpRequest request, RuleThresholds thresholds, CancellationToken ct)
    {
        var (body, error) = await HttpResults.ReadJsonAsync(request, ct);
        if (error is not null) return error;
        var parsed = RuleInputParser.ParseOfficeHolder(body);
        return parsed.IsValid ? Results.Json(OfficeHolderRules.Check(parsed.Value!, thresholds), RuleJson.Options) : Invalid(parsed.Errors);
    }

    private static async Task<IResult> BranchFoundingCheckAsync(HttpRequest request, RuleThresholds thresholds, WorkflowsDbContext db, CancellationToken ct)
    {
        var (body, error) = await HttpResults.ReadJsonAsync(request, ct);
        if (error is not null) return error;
        var parsed = RuleInputParser.ParseBranchFounding(body, thresholds);
        if (!parsed.IsValid) return Invalid(parsed.Errors);
        var context = await RuleInputs.FoundingContextAsync(db, ct);
        return Results.Json(BranchFoundingRules.Check(parsed.Value!, context, thresholds), RuleJson.Options);
    }

    /// <summary>400 with <c>errors</c> keyed by field path (the shape Studio and ValidationProblem use), Chinese then English.</summary>
    internal static IResult Invalid(IReadOnlyList<FieldError> errors) =>
        Results.Json(new
        {
            title = "输入有误",
            detail = "请求中有 " + errors.Count + " 处字段错误。 / " + errors.Count + " field(s) are invalid.",
            errors = errors.ToDictionary(e => e.Path, e => new[] { $"{e.Message} / {e.MessageEn}" }, StringComparer.Ordinal),
        }, statusCode: StatusCodes.Status400BadRequest);
}
