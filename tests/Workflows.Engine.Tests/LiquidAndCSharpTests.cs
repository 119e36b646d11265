using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Hosting;
using Workflows.Engine.Model;
using Workflows.Engine.Services;
using Workflows.Engine.Tests.Support;
using Workflows.Engine.Validation;
using Workflows.Testing;
using static Workflows.Testing.Wf;

namespace Workflows.Engine.Tests;

public sealed class LiquidAndCSharpTests
{
    private static JsonObject Expr(string type, string value, string typeName = "String") =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = type, ["value"] = value } };

    private static WorkflowDefinition SetVar(string id, JsonObject value, JsonObject[] variables, params JsonObject[] inputs)
    {
        var def = Def(id, [Act("start", "Elsa.Start"), Act("set", "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = "OutId", ["name"] = "Out" }), ("value", value))],
            [Conn("start", "set")], [Var("Out", "Object"), .. variables]);
        var json = (JsonObject)def.Json.DeepClone();
        json["inputs"] = new JsonArray(inputs.Select(i => (JsonNode)i).ToArray());
        json["variables"]!.AsArray()[0]!["id"] = "OutId";
        return WorkflowDefinition.FromJson(json);
    }

    private static InMemoryWorkflowHost Host(bool csharp, params WorkflowDefinition[] defs)
    {
        var host = new InMemoryWorkflowHost(TestEngine.Registry(), new ManualTimeProvider(TestEngine.Epoch), new SequentialIdGenerator(), null, NullLoggerFactory.Instance,
            new CSharpOptions { Enabled = csharp });
        foreach (var d in defs) host.AddDefinition(d);
        return host;
    }

    [Fact]
    public async Task Liquid_VariablesInputAndElsaFilters()
    {
        // elsa-core src/modules/Elsa.Expressions.Liquid/Handlers/ConfigureLiquidEngine.cs registers Variables, Input,
        // CorrelationId and WorkflowInstanceId on the model; Features/LiquidFeature.cs adds the base64 and keys filters
        // to Fluid's own ones.
        var template = "{{ Variables.Applicant | upcase }}/{{ Input.Year | plus: 1 }}/{% assign ks = Variables.Scores | keys %}{% for k in ks %}{{ k }}{% endfor %}/{{ 'ab' | base64 }}/{{ CorrelationId }}";
        var def = SetVar("lq", Expr("Liquid", template), [Var("Applicant", "String", "abc"), Var("Scores", "Object", "{\"a\":1,\"b\":2}")],
            new JsonObject { ["name"] = "Year", ["type"] = "Int32" });
        var host = Host(false, def);

        var state = await host.StartAsync("lq", new JsonObject { ["Year"] = 2026 }, "c-9");

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Equal("ABC/2027/ab/YWI=/c-9", state.Variables["Out"]!.GetValue<string>());
    }

    [Fact]
    public async Task Liquid_EndlessLoopStopsAtTheStepLimit()
    {
        var def = SetVar("lqloop", Expr("Liquid", "{% for i in (1..100000000) %}x{% endfor %}"), []);
        var host = Host(false, def);

        var state = await host.StartAsync("lqloop");

        Assert.Equal(WorkflowSubStatus.Faulted, state.SubStatus);
        Assert.Contains("Liquid", state.Incidents.Single().Message);
    }

    [Fact]
    public async Task CSharp_Enabled_ElsaGlobalsAndTypedVariableProxies()
    {
        // elsa-core src/modules/Elsa.Expressions.CSharp/Handlers/GenerateWorkflowVariableAccessors.cs: Variables.X
        // (typed, settable) and its alias Variable; GenerateWorkflowInputAccessors.cs: Input.X for each declared input;
        // Models/Globals.cs: WorkflowInstanceId, CorrelationId, ExecutionContext.GetVariable<T>.
        var code = "Variables.Count = Variables.Count + 1; return $\"{Variable.Count}|{Input.Name}|{ExecutionContext.GetVariable<int>(\"Count\")}|{CorrelationId}|{WorkflowInstanceId.Length > 0}\";";
        var def = SetVar("cs", Expr("CSharp", code), [Var("Count", "Int32", "41")], new JsonObject { ["name"] = "Name", ["type"] = "String" });
        var host = Host(true, def);

        var state = await host.StartAsync("cs", new JsonObject { ["Name"] = "张三" }, "c-1");

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Equal("42|张三|42|c-1|True", state.Variables["Out"]!.GetValue<string>());
        Assert.Equal(42, state.Variables["Count"]!.GetValue<long>());
    }

    [Fact]
    public void CSharp_Disabled_DefinitionIsRefusedWithThatReason()
    {
        var def = SetVar("csoff", Expr("CSharp", "1 + 1"), []);
        var validator = new DefinitionValidator(TestEngine.Registry(), new ExpressionEvaluator(new JavaScriptEvaluator(new JavaScriptOptions())));

        var messages = validator.Validate(def, ValidationPurpose.Publish);

        var error = Assert.Single(messages.Messages, m => m.Code == "expression.invalid");
        Assert.StartsWith("活动 set 的输入 value：C# 表达式在本服务中未启用", error.Message);
        Assert.DoesNotContain("不支持", error.Message);
    }

    [Fact]
    public async Task CSharp_Disabled_AtRunTimeFaultsWithThatReason()
    {
        var host = Host(false, SetVar("csrun", Expr("CSharp", "1 + 1"), []));

        var state = await host.StartAsync("csrun");

        Assert.Equal(WorkflowSubStatus.Faulted, state.SubStatus);
        Assert.Contains("Expressions:CSharp:Enabled", state.Incidents.Single().Message);
    }
}
