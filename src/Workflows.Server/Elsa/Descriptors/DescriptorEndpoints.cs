using System.Text.Json.Nodes;
using Workflows.Engine.Activities;
using Microsoft.AspNetCore.Localization;
using Workflows.Engine.Expressions;
using Workflows.Runtime.Persistence;

namespace Workflows.Server.Elsa.Descriptors;

/// <summary>
/// The catalogues Studio reads while it opens and edits a definition (elsa-studio-api.md §4.2). Each lists only what
/// this engine honours, so nothing chosen in the designer is silently ignored at run time. The type names are
/// Elsa's, so a definition moves between this service and an Elsa server unchanged.
/// </summary>
public static class DescriptorEndpoints
{
    private static readonly (string Type, LocalizedText Name, bool Browsable, string? Monaco)[] Expressions =
    [
        (ExpressionEvaluator.Literal, new("字面值", "Literal"), false, null),
        (ExpressionEvaluator.Object, new("对象（JSON）", "Object"), false, "json"),
        // Studio's expression editor takes the first descriptor after Literal/Object: keep JavaScript there.
        (ExpressionEvaluator.JavaScript, new("JavaScript", "JavaScript"), true, "javascript"),
        (ExpressionEvaluator.Variable, new("变量", "Variable"), true, null),
        (ExpressionEvaluator.Input, new("流程输入", "Input"), true, null),
        (ExpressionEvaluator.Json, new("JSON（旧）", "Json"), false, "json"),
        (ExpressionEvaluator.Liquid, new("Liquid", "Liquid"), true, "liquid"),
        // As elsa-core's CSharpExpressionDescriptorProvider: listed always, offered only when enabled (below).
        (ExpressionEvaluator.CSharp, new("C#", "C#"), true, "csharp"),
    ];

    private static readonly (string Type, LocalizedText Name, LocalizedText Description)[] ActivationStrategies =
    [
        ("Elsa.Workflows.ActivationValidators.AllowAlwaysStrategy, Elsa.Workflows.Core", new("总是允许", "Always"),
            new("每次都可以新建实例；重复提交由请求的防重复键（Idempotency-Key）识别。", "A new instance may always be created; repeated requests are recognised by their Idempotency-Key.")),
    ];

    private static readonly (string Type, LocalizedText Name, LocalizedText Description)[] IncidentStrategies =
    [
        ("Elsa.Workflows.IncidentStrategies.FaultStrategy, Elsa.Workflows.Core", new("出错即中止", "Fault"),
            new("任一活动出错时，整个流程实例进入“出错”状态。", "Any activity fault puts the whole instance in the Faulted state.")),
        ("Elsa.Workflows.IncidentStrategies.ContinueWithIncidentsStrategy, Elsa.Workflows.Core", new("记录后继续", "Continue with incidents"),
            new("出错的分支停止并记录事件，其余分支继续执行。", "The faulted path stops and is recorded as an incident; other paths continue.")),
    ];

    // The journal is written for every activity in every burst; there is no switch to leave it out.
    private static readonly (string Type, LocalizedText Name, LocalizedText Description)[] LogPersistenceStrategies =
    [
        ("Elsa.Workflows.LogPersistence.Strategies.Inherit, Elsa.Workflows.Core", new("继承（始终记录）", "Inherit (always recorded)"),
            new("沿用服务设置：本服务始终记录每个活动的日志。", "Use the service's setting: this service records every activity.")),
        ("Elsa.Workflows.LogPersistence.Strategies.Include, Elsa.Workflows.Core", new("记录", "Include"),
            new("记录该活动的输入、输出和日志。", "Record the activity's inputs, outputs and journal.")),
    ];

    private static readonly (string Type, LocalizedText Name, LocalizedText Category)[] VariableTypes =
    [
        ("Object", new("对象", "Object"), new("动态", "Dynamic")),
        ("String", new("文本", "String"), new("基础", "Primitives")),
        ("Boolean", new("是/否", "Boolean"), new("基础", "Primitives")),
        ("Int32", new("整数", "Int32"), new("基础", "Primitives")),
        ("Int64", new("长整数", "Int64"), new("基础", "Primitives")),
        ("Double", new("小数", "Double"), new("基础", "Primitives")),
        ("Decimal", new("金额/精确小数", "Decimal"), new("基础", "Primitives")),
        ("DateTimeOffset", new("日期时间（含时区）", "DateTimeOffset"), new("日期时间", "Date and time")),
        ("DateTime", new("日期时间", "DateTime"), new("日期时间", "Date and time")),
        ("TimeSpan", new("时长", "TimeSpan"), new("日期时间", "Date and time")),
        ("Guid", new("GUID", "Guid"), new("基础", "Primitives")),
        ("JsonObject", new("JSON 对象", "JsonObject"), new("动态", "Dynamic")),
    ];

    public const string WorkflowInstanceStorageDriver = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core";

    public static void MapDescriptorEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/descriptors/activities", async (HttpContext http, ActivityDescriptorCatalog catalog, WorkflowsDbContext db, CancellationToken ct) =>
        {
            var culture = DescriptorCulture(http);
            var definitions = await DefinitionActivityDescriptors.DescribeAsync(db, culture, ct);
            return definitions.Count == 0
                ? Results.Bytes(catalog.Body(culture), "application/json; charset=utf-8")
                : ElsaJson.Ok(ElsaJson.List(catalog.Describe(culture).Concat(definitions)));
        });

        api.MapGet("/descriptors/expression-descriptors", (CSharpEvaluator csharp) => ElsaJson.Ok(ElsaJson.List(Expressions.Select(e => (JsonNode?)new JsonObject
        {
            ["type"] = e.Type,
            ["displayName"] = e.Name.For(ElsaJson.Culture),
            ["isSerializable"] = true,
            ["isBrowsable"] = e.Browsable && (e.Type != ExpressionEvaluator.CSharp || csharp.Enabled),
            // Studio's client reads properties as string→string.
            ["properties"] = e.Monaco is null ? new JsonObject() : new JsonObject { ["MonacoLanguage"] = e.Monaco },
        }))));

        api.MapGet("/descriptors/workflow-activation-strategies", () => Strategies(ActivationStrategies));
        api.MapGet("/descriptors/incident-strategies", () => Strategies(IncidentStrategies));
        api.MapGet("/descriptors/log-persistence-strategies", () => Strategies(LogPersistenceStrategies));

        // Each burst commits once, whatever is chosen; there is nothing to choose.
        api.MapGet("/descriptors/commit-strategies/workflows", () => ElsaJson.Ok(ElsaJson.List([])));
        api.MapGet("/descriptors/commit-strategies/activities", () => ElsaJson.Ok(ElsaJson.List([])));

        api.MapGet("/descriptors/variables", () => ElsaJson.Ok(new JsonObject
        {
            ["items"] = new JsonArray(VariableTypes.Select(v => (JsonNode?)new JsonObject
            {
                ["typeName"] = v.Type,
                ["displayName"] = v.Name.For(ElsaJson.Culture),
                ["category"] = v.Category.For(ElsaJson.Culture),
                ["description"] = null,
            }).ToArray()),
        }));

        // Variables live in the instance state, committed with each burst.
        api.MapGet("/descriptors/storage-drivers", () => ElsaJson.Ok(new JsonObject
        {
            ["items"] = new JsonArray(new JsonObject
            {
                ["typeName"] = WorkflowInstanceStorageDriver,
                ["displayName"] = new LocalizedText("流程实例", "Workflow instance").For(ElsaJson.Culture),
                ["priority"] = 0,
                ["deprecated"] = false,
            }),
        }));

        // Outputs are stored as they are; the engine has no converters between types.
        api.MapGet("/descriptors/output-converters", () => ElsaJson.Ok(new JsonObject { ["items"] = new JsonArray() }));

        // Only the modules implemented here (Features/InstalledFeatures.cs): no SignalR hub (§7), no resilience tab.
        api.MapGet("/features/installed", () => ElsaJson.Ok(ElsaJson.List(Features.InstalledFeatures.All.Select(f => (JsonNode?)f.DeepClone()))));
        api.MapGet("/features/installed/{fullName}", (string fullName) =>
            Features.InstalledFeatures.All.FirstOrDefault(f => (string?)f["fullName"] == fullName) is { } feature
                ? ElsaJson.Ok(feature.DeepClone())
                : ElsaJson.NotFound($"未安装功能 {fullName}", $"Feature {fullName} is not installed"));

        api.MapGet("/workflow-contexts/provider-descriptors", () => ElsaJson.Ok(ElsaJson.List([])));
    }

    /// <summary>
    /// Chinese unless the reader asks for English: an explicit choice (the <c>lang</c> query or the culture cookie)
    /// first, else the request's <c>Accept-Language</c> (an English-speaking administrator then sees Elsa's own names).
    /// </summary>
    public static string DescriptorCulture(HttpContext http)
    {
        if (http.Features.Get<IRequestCultureFeature>()?.Provider is not null) return ElsaJson.Culture;
        var preferred = http.Request.GetTypedHeaders().AcceptLanguage
            .OrderByDescending(l => l.Quality ?? 1).Select(l => l.Value.ToString()).FirstOrDefault();
        return preferred is not null && preferred.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : ElsaJson.Culture;
    }

    private static IResult Strategies((string Type, LocalizedText Name, LocalizedText Description)[] strategies) =>
        ElsaJson.Ok(ElsaJson.List(strategies.Select(s => (JsonNode?)new JsonObject
        {
            ["typeName"] = s.Type,
            ["displayName"] = s.Name.For(ElsaJson.Culture),
            ["description"] = s.Description.For(ElsaJson.Culture),
        })));
}
