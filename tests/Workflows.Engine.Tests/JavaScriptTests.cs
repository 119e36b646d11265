using System.Diagnostics;
using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using Workflows.Engine.Tests.Support;
using static Workflows.Testing.Wf;

namespace Workflows.Engine.Tests;

/// <summary>JavaScript on Jint 4, as elsa-core's Elsa.Expressions.JavaScript module runs it.</summary>
public sealed class JavaScriptTests
{
    private static WorkflowDefinition Script(string id, string script, JsonObject[] variables, params JsonObject[] inputs)
    {
        var def = Def(id, [Act("start", "Elsa.Start"), Act("run", "Elsa.RunJavaScript", ("script", Lit(script)))], [Conn("start", "run")], variables);
        var json = (JsonObject)def.Json.DeepClone();
        json["inputs"] = new JsonArray(inputs.Select(i => (JsonNode)i).ToArray());
        return WorkflowDefinition.FromJson(json);
    }

    private static JsonObject InputDef(string name, string type = "String") => new() { ["name"] = name, ["type"] = type, ["isArray"] = false };

    private static async Task<WorkflowState> RunAsync(WorkflowDefinition def, JsonObject? input = null, JavaScriptOptions? js = null)
    {
        var (host, _) = TestEngine.Host(js, def);
        return await host.StartAsync(def.DefinitionId, input, correlationId: "c-1");
    }

    [Fact]
    public async Task Es2015Plus_TemplateLiteralsArrowsDestructuringOptionalChainingAndEs2023Arrays()
    {
        // Jint 2.10 was ES5.1: each line below was a syntax error there (issue 10).
        var script = """
            const { a, b = 2 } = { a: 1 };
            const names = [3, 1, 2].toSorted((x, y) => x - y).map(n => `n${n}`);
            const last = [1, 2, 3, 4].findLast(n => n % 2 === 1);
            const deep = ({ x: { y: null } }).x?.y?.z ?? '缺省';
            class Box { #v; constructor(v) { this.#v = v; } get v() { return this.#v; } }
            `${a + b}|${names.join(',')}|${last}|${deep}|${new Box(7).v}|${2n ** 64n}`;
            """;
        var state = await RunAsync(Script("es", script, []));

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Equal("3|n1,n2,n3|3|缺省|7|18446744073709551616", state.ActivityOutputs["run"]!["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task TopLevelReturn_IsTheResult()
    {
        // elsa-core src/modules/Elsa.Expressions.JavaScript/Services/JintJavaScriptEvaluator.cs prepares every script
        // with ParsingOptions.AllowReturnOutsideFunction = true, so `return x;` at the top level is the value.
        var state = await RunAsync(Script("ret", "if (getVariable('N') > 1) { return 'many'; }\nreturn 'one';", [Var("N", "Int32", "5")]));

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Equal("many", state.ActivityOutputs["run"]!["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task Accessors_ForEveryDeclaredInputAndVariable_EvenWithoutValues()
    {
        // elsa-core src/modules/Elsa.Expressions.JavaScript/Handlers/ConfigureEngineWithVariablesAndInputOutputAccessors.cs:
        // variables get `get{Name.Pascalize()}` / `set{...}`; each input *definition* of the workflow gets `get{Name}`
        // (the name as declared, not pascalized), valued null when the start gave none.
        // ConfigureEngineWithCommonFunctions.cs: getVariable/setVariable/getInput/getWorkflowInstanceId/getCorrelationId.
        var script = """
            setCount((getCount() ?? 0) + 1);
            variables.note = `${getBranchName()}/${getYear() === null}/${typeof getMissing}`;
            return [getVariable('count'), getInput('BranchName'), getWorkflowInstanceId() === getWorkflowInstanceId(), getCorrelationId(), variables.note];
            """;
        var def = Script("acc", script, [Var("count", "Int32"), Var("note", "String")], InputDef("BranchName"), InputDef("Year", "Int32"));

        var state = await RunAsync(def, new JsonObject { ["BranchName"] = "神经内科分会" });

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        var result = state.ActivityOutputs["run"]!["result"]!.AsArray();
        Assert.Equal(1, result[0]!.GetValue<long>());
        Assert.Equal("神经内科分会", result[1]!.GetValue<string>());
        Assert.True(result[2]!.GetValue<bool>());
        Assert.Equal("c-1", result[3]!.GetValue<string>());
        Assert.Equal("神经内科分会/true/undefined", state.Variables["note"]!.GetValue<string>());
        Assert.Equal(1, state.Variables["count"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("var a = []; while (true) { a.push(new Array(10000).fill('x')); }")]
    [InlineData("var s = 'x'; while (true) { s = s + s; }")]
    [InlineData("var s = new Array(1e9 + 1).join('x'); s.length")]
    [InlineData("var s = 'x'.repeat(5e8); s.length")]
    [InlineData("var s = 'ab'.padEnd(4e8, 'cd'); s.length")]
    public async Task MemoryBomb_FaultsTheActivityWithTheMemoryLimit(string script)
    {
        var js = new JavaScriptOptions { MemoryLimitBytes = 8 * 1024 * 1024, MaxStatements = int.MaxValue, Timeout = TimeSpan.FromSeconds(30) };
        var sw = Stopwatch.StartNew();
        var state = await RunAsync(Script("mem", script, []), js: js);
        sw.Stop();

        Assert.Equal(WorkflowSubStatus.Faulted, state.SubStatus);
        var incident = Assert.Single(state.Incidents);
        Assert.Equal("run", incident.ActivityId);
        Assert.Contains("内存", incident.Message);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20), $"stopped after {sw.Elapsed}");
    }

    [Fact]
    public void SyntaxCheck_ReportsLineAndColumn_AndAcceptsModernSyntax()
    {
        var evaluator = new JavaScriptEvaluator(new JavaScriptOptions());

        Assert.Null(evaluator.CheckSyntax("const f = (x) => `${x}`; return f(1);"));
        var error = evaluator.CheckSyntax("const a = ;");
        Assert.NotNull(error);
        Assert.Contains("第 1 行", error);
    }
}
