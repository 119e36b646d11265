using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using Workflows.Engine.Tests.Support;
using Workflows.Engine.Validation;
using static Workflows.Testing.Wf;

namespace Workflows.Engine.Tests;

public class DefinitionJsonTests
{
    private static readonly string DefinitionsFolder = Path.Combine(AppContext.BaseDirectory, "Definitions");

    public static TheoryData<string> DefinitionFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Definitions"), "*.json").Order()) data.Add(Path.GetFileName(file));
        return data;
    }

    private static DefinitionValidator Validator() =>
        new(TestEngine.Registry(), new ExpressionEvaluator(new JavaScriptEvaluator(new JavaScriptOptions())));

    [Theory]
    [MemberData(nameof(DefinitionFiles))]
    public void RoundTrip_ReadAndWriteBack_IsEqualIncludingUnusedFields(string file)
    {
        var text = File.ReadAllText(Path.Combine(DefinitionsFolder, file));
        var original = JsonNode.Parse(text);

        var definition = WorkflowDefinition.Parse(text);
        var written = JsonNode.Parse(definition.ToJson(indented: true));

        Assert.True(JsonNode.DeepEquals(original, written), $"{file} changed on a read/write round trip");
        Assert.Equal(definition.ToJson(), WorkflowDefinition.Parse(definition.ToJson()).ToJson());
    }

    [Theory]
    [MemberData(nameof(DefinitionFiles))]
    public void HandWrittenDefinitions_AreValidForPublishing(string file)
    {
        var definition = WorkflowDefinition.Parse(File.ReadAllText(Path.Combine(DefinitionsFolder, file)));

        var result = Validator().Validate(definition, ValidationPurpose.Publish);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Fact]
    public void TypedProperties_ReadElsaFields()
    {
        var definition = WorkflowDefinition.Parse(File.ReadAllText(Path.Combine(DefinitionsFolder, "decision.json")));

        Assert.Equal("decision", definition.DefinitionId);
        Assert.Equal("decision-v3", definition.Id);
        Assert.Equal(3, definition.Version);
        Assert.True(definition.IsLatest);
        Assert.False(definition.IsPublished);
        Assert.Equal(["UnitsWithDepartment", "Result"], definition.Variables.Select(v => v.Name));
        Assert.Equal("Int32", Assert.Single(definition.Inputs).Type);
        Assert.Equal("Elsa.Flowchart", definition.Root!["type"]!.GetValue<string>());
    }

    [Fact]
    public void AssignNodeIds_FollowsElsaConvention()
    {
        var definition = WorkflowDefinition.Parse(File.ReadAllText(Path.Combine(DefinitionsFolder, "decision.json")));

        definition.AssignNodeIds();

        Assert.Equal("Workflow1:flow1", definition.Root!["nodeId"]!.GetValue<string>());
        Assert.Equal("Workflow1:flow1:check", definition.Root["activities"]![1]!["nodeId"]!.GetValue<string>());
    }

    [Fact]
    public async Task ForkJoinFile_RunsAndWaitsForBothReviews()
    {
        var definition = WorkflowDefinition.Parse(File.ReadAllText(Path.Combine(DefinitionsFolder, "fork-join.json")));
        var (host, _) = TestEngine.Host(definition);

        var state = await host.StartAsync("fork-join");
        Assert.Equal(["partyCommittee", "leadershipGroupLeader"], host.OpenTasks.Select(t => t.Request.CandidateRole));
        await host.CompleteTaskAsync(host.Tasks[1].TaskId, "Approve");
        Assert.Equal(WorkflowSubStatus.Suspended, host.Instances[state.InstanceId].SubStatus);
        await host.CompleteTaskAsync(host.Tasks[0].TaskId, "Approve");

        Assert.Equal(WorkflowSubStatus.Finished, host.Instances[state.InstanceId].SubStatus);
        Assert.Contains(host.Journals[state.InstanceId], j => j.ActivityId == "done" && j.Message == "双方均已同意");
    }

    [Theory]
    [InlineData(40, "达到 35 家")]
    [InlineData(34, "不足 35 家")]
    public async Task DecisionFile_UsesInputAndVariables(int units, string expected)
    {
        var definition = WorkflowDefinition.Parse(File.ReadAllText(Path.Combine(DefinitionsFolder, "decision.json")));
        var (host, _) = TestEngine.Host(definition);

        var state = await host.StartAsync("decision", new JsonObject { ["Units"] = units });

        Assert.Equal(expected, state.Variables["Result"]!.GetValue<string>());
    }

    [Fact]
    public async Task TaskThenTimerFile_WaitsForPersonThenForDate()
    {
        var definition = WorkflowDefinition.Parse(File.ReadAllText(Path.Combine(DefinitionsFolder, "task-then-timer.json")));
        var (host, clock) = TestEngine.Host(definition);

        var state = await host.StartAsync("task-then-timer", new JsonObject { ["Title"] = "骨科分会成立" });
        var (taskId, request) = Assert.Single(host.OpenTasks);
        Assert.Equal("审批：骨科分会成立", request.Title);
        Assert.Equal(["zuzhang"], request.Assignees);

        clock.Advance(TimeSpan.FromDays(1));
        state = await host.CompleteTaskAsync(taskId, "Approve");
        Assert.Equal("Approve", state.Variables["Decision"]!.GetValue<string>());
        Assert.Equal(TestEngine.Epoch.AddDays(6), Assert.Single(state.Bookmarks).DueAt);

        clock.Advance(TimeSpan.FromDays(5));
        await host.FireDueTimersAsync();
        Assert.Equal(WorkflowSubStatus.Finished, host.Instances[state.InstanceId].SubStatus);
    }

    [Fact]
    public void Parse_MalformedJson_ThrowsClearError()
    {
        var ex = Assert.Throws<DefinitionFormatException>(() => WorkflowDefinition.Parse("{\"definitionId\": \"x\", \"root\": {"));
        Assert.Contains("不是合法的 JSON", ex.Message);
        Assert.Contains("not valid JSON", ex.MessageEn);
    }

    [Fact]
    public void Parse_WithoutRoot_ThrowsClearError()
    {
        var ex = Assert.Throws<DefinitionFormatException>(() => WorkflowDefinition.Parse("{\"definitionId\": \"x\"}"));
        Assert.Contains("root", ex.Message);
    }

    [Fact]
    public void Validate_UnknownActivityType_IsAnError()
    {
        var def = Def("bad", [Act("start", "Elsa.Start"), Act("x", "Elsa.HttpEndpoint")], [Conn("start", "x")]);

        var result = Validator().Validate(def, ValidationPurpose.Draft);

        Assert.Contains(result.Errors, e => e.Code == "activity.unknownType" && e.ActivityId == "x" && e.Message.Contains("Elsa.HttpEndpoint"));
    }

    [Fact]
    public void Validate_ConnectionToMissingActivity_IsAnError()
    {
        var def = Def("bad", [Act("start", "Elsa.Start")], [Conn("start", "ghost")]);

        var result = Validator().Validate(def, ValidationPurpose.Draft);

        Assert.Contains(result.Errors, e => e.Code == "connection.missingTarget" && e.Message.Contains("ghost"));
    }

    [Fact]
    public void Validate_ConnectionFromMissingPort_IsAnError()
    {
        var def = Def("bad", [Act("d", "Elsa.FlowDecision", ("condition", Lit("true", "Boolean"))), WriteLine("w", "x")], [Conn("d", "w", "Maybe")]);

        var result = Validator().Validate(def, ValidationPurpose.Draft);

        Assert.Contains(result.Errors, e => e.Code == "connection.missingPort" && e.Message.Contains("Maybe") && e.Message.Contains("True"));
    }

    [Fact]
    public void Validate_DuplicateActivityId_IsAnError()
    {
        var def = Def("bad", [Act("a", "Elsa.Start"), WriteLine("a", "x")], []);

        var result = Validator().Validate(def, ValidationPurpose.Draft);

        Assert.Contains(result.Errors, e => e.Code == "activity.duplicateId");
    }

    [Fact]
    public void Validate_ScriptSyntaxError_IsAnErrorWithLine()
    {
        var def = Def("bad", [Act("start", "Elsa.Start"), Act("d", "Elsa.FlowDecision", ("condition", Js("getX( > 3", "Boolean")))], [Conn("start", "d")]);

        var result = Validator().Validate(def, ValidationPurpose.Draft);

        var error = Assert.Single(result.Errors);
        Assert.Equal("expression.invalid", error.Code);
        Assert.Contains("第 1 行", error.Message);
    }

    [Fact]
    public void Validate_FlowchartWithoutStart_ErrorOnPublishWarningOnDraft()
    {
        var def = Def("cycle", [WriteLine("a", "a"), WriteLine("b", "b")], [Conn("a", "b"), Conn("b", "a")]);

        Assert.Contains(Validator().Validate(def, ValidationPurpose.Publish).Errors, e => e.Code == "flowchart.noStart");
        var draft = Validator().Validate(def, ValidationPurpose.Draft);
        Assert.True(draft.IsValid);
        Assert.Contains(draft.Warnings, w => w.Code == "flowchart.noStart");
    }

    [Fact]
    public void Validate_UnsupportedExpressionLanguage_IsAnError()
    {
        var lit = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Python", ["value"] = "x" } };
        var def = Def("bad", [Act("start", "Elsa.Start"), Act("w", "Elsa.WriteLine", ("text", lit))], [Conn("start", "w")]);

        Assert.Contains(Validator().Validate(def, ValidationPurpose.Draft).Errors, e => e.Message.Contains("Python"));
    }

    [Fact]
    public void Build_UnknownActivityType_Throws()
    {
        var def = Def("bad", [Act("x", "Nope.Activity")], []);

        Assert.Throws<DefinitionFormatException>(() => WorkflowGraph.Build(def, TestEngine.Registry()));
    }

    [Theory]
    [InlineData("Int32", "\"abc\"", true)]
    [InlineData("Int32", "12", false)]
    [InlineData("Int32", "1.5", true)]
    [InlineData("Boolean", "\"yes\"", true)]
    [InlineData("String", "5", true)]
    [InlineData("DateTimeOffset", "\"2026-12-15\"", false)]
    [InlineData("DateTimeOffset", "\"not a date\"", true)]
    [InlineData("Object", "{\"a\":1}", false)]
    public void CheckType_WorkflowInputOfWrongType_IsReported(string type, string json, bool expectError)
    {
        var error = ValueConversion.CheckType(JsonNode.Parse(json), type, isArray: false);

        Assert.Equal(expectError, error is not null);
    }
}
