using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using Workflows.Engine.Activities;
using Workflows.Engine.Activities.Builtin;
using Workflows.Engine.Execution;
using Workflows.Engine.Model;
using Workflows.Runtime.Persistence;
using Workflows.Server.Elsa.ActivityExecutions;
using Workflows.Server.Elsa.Descriptors;
using Workflows.Server.Elsa.Scripting;
using Workflows.Server.Elsa.WorkflowDefinitions;
using Workflows.Server.Studio;
using Workflows.Testing;

namespace Workflows.Server.Tests.Elsa;

public sealed class StudioAssetsUnitTests
{
    [Theory]
    [InlineData("gzip, deflate, br, zstd", "br,gzip")]
    [InlineData("gzip", "gzip")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("*", "br,gzip")]
    [InlineData("*;q=0", "")]
    [InlineData("identity", "")]
    [InlineData("", "")]
    public void Encodings_FollowAcceptEncodingAndItsQualities(string header, string expected)
    {
        var encodings = StudioAssets.Encodings(new StringValues(header)).Select(e => e.Encoding);

        Assert.Equal(expected, string.Join(",", encodings));
    }

    [Theory]
    [InlineData("_framework/Elsa.Studio.Core.xp6o1cja6y.wasm", true)]
    [InlineData("_framework/icudt.oh1zvcfom8.dat", true)]
    [InlineData("_framework/dotnet.native.b6l13xorvf.js", true)]
    [InlineData("_framework/dotnet.js", false)]
    [InlineData("_framework/blazor.webassembly.js", false)]
    [InlineData("_content/Elsa.Studio.Workflows/Elsa.Studio.Workflows.3ifuhex2gd.bundle.scp.css", false)]
    [InlineData("appsettings.json", false)]
    public void IsFingerprinted_OnlyHashedFrameworkFiles(string path, bool expected) =>
        Assert.Equal(expected, StudioAssets.IsFingerprinted(path));
}

public sealed class DefinitionWireTests
{
    private static readonly ActivityRegistry Registry = new(BuiltinActivities.Create(NullLoggerFactory.Instance));

    private static DefinitionRecord Record(WorkflowDefinition definition) => new()
    {
        Id = "v1",
        DefinitionId = definition.DefinitionId,
        Version = 1,
        IsLatest = true,
        Json = definition.ToJson(),
        CreatedAt = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
    };

    [Fact]
    public void ToWire_ServerOwnedMembersComeFromTheRecord_AndEveryActivityGetsItsNodeId()
    {
        var definition = Wf.Def("d", [Wf.Act("start", "Elsa.Start"), Wf.WriteLine("w", "x")], [Wf.Conn("start", "w")]);
        definition.Json["isPublished"] = true;
        definition.Json.Remove("options");

        var wire = DefinitionWire.ToWire(Record(definition), Registry);

        Assert.Equal("v1", wire["id"]!.GetValue<string>());
        Assert.False(wire["isPublished"]!.GetValue<bool>());
        Assert.Equal("2026-01-02T03:04:05.0000000+00:00", wire["createdAt"]!.GetValue<string>());
        Assert.IsType<JsonObject>(wire["options"]);
        Assert.Equal("Workflow1:flow1", wire["root"]!["nodeId"]!.GetValue<string>());
        Assert.Equal("Workflow1:flow1:w", wire["root"]!["activities"]![1]!["nodeId"]!.GetValue<string>());
        Assert.Contains(wire["links"]!.AsArray(), l => l!["rel"]!.GetValue<string>() == "publish");
    }

    [Fact]
    public void ToWire_AVersionTheEngineRunsUnderAnotherNumber_IsShownWithTheVersionItRuns()
    {
        var write = Wf.WriteLine("w", "x");
        write["version"] = 7;
        var definition = Wf.Def("d", [write], []);

        var wire = DefinitionWire.ToWire(Record(definition), Registry);

        Assert.Equal(1, wire["root"]!["activities"]![0]!["version"]!.GetValue<int>());
    }

    [Fact]
    public void NotFound_EmbeddedUnknownActivity_IsReplaced_AndFromWireRestoresItWhereTheUserMovedIt()
    {
        var unknown = Wf.Act("odd", "Acme.Odd", ("setting", Wf.Lit("keep me")));
        var forEach = Wf.Act("loop", "Elsa.ForEach", ("body", unknown));
        var definition = Wf.Def("d", [forEach], []);

        var wire = DefinitionWire.ToWire(Record(definition), Registry);
        var placeholder = wire["root"]!["activities"]![0]!["body"]!.AsObject();
        placeholder["metadata"]!["designer"] = JsonNode.Parse("""{"position":{"x":5,"y":6}}""");
        var back = DefinitionWire.FromWire(wire);

        Assert.Equal(DefinitionWire.NotFoundType, placeholder["type"]!.GetValue<string>());
        Assert.Equal("Workflow1:flow1:loop:odd", placeholder["nodeId"]!.GetValue<string>());
        var restored = back["root"]!["activities"]![0]!["body"]!.AsObject();
        Assert.Equal("Acme.Odd", restored["type"]!.GetValue<string>());
        Assert.Equal("keep me", restored["setting"]!["expression"]!["value"]!.GetValue<string>());
        Assert.Equal(5, restored["metadata"]!["designer"]!["position"]!["x"]!.GetValue<int>());
        Assert.False(back.ContainsKey("links"));
        Assert.False(back.ContainsKey("materializerName"));
    }
}

public sealed class ActivityDescriptorCatalogTests
{
    private static readonly ActivityRegistry Registry = new(BuiltinActivities.Create(NullLoggerFactory.Instance));

    [Fact]
    public void Body_IsBuiltOncePerCulture()
    {
        var catalog = new ActivityDescriptorCatalog(Registry);

        Assert.Same(catalog.Body("zh-CN"), catalog.Body("zh-CN"));
        Assert.NotSame(catalog.Body("zh-CN"), catalog.Body("en"));
    }

    [Fact]
    public void Inputs_AreAlwaysBrowsable_AndUiSpecificationsKeyedByHint()
    {
        var log = ActivityDescriptorCatalog.ToJson(Registry.Find("Workflows.Log", 1)!.Descriptor, "zh-CN");

        var level = log["inputs"]!.AsArray().OfType<JsonObject>().Single(i => i["name"]!.GetValue<string>() == "Level");
        Assert.True(level["isBrowsable"]!.GetValue<bool>());
        Assert.Equal("dropdown", level["uiHint"]!.GetValue<string>());
        Assert.NotNull(level["uiSpecifications"]!["dropdown"]!["selectList"]!["items"]);
    }
}

public sealed class TypeDefinitionTests
{
    [Fact]
    public void Declarations_TypePerVariable_InputsWithoutClashingVariables_SkipInvalidNames()
    {
        var definition = Wf.Def("d", [], [], Wf.Var("金额", "Decimal"), Wf.Var("Names", "String"), Wf.Var("bad name", "String"));
        definition.Json["variables"]!.AsArray().OfType<JsonObject>().Single(v => v["name"]!.GetValue<string>() == "Names")["isArray"] = true;
        definition.Json["inputs"] = JsonNode.Parse("""[{"name":"Names","type":"String"},{"name":"Due","type":"DateTimeOffset","displayName":"截止"}]""");

        var text = TypeDefinitionEndpoints.Declarations(definition);

        Assert.Contains("declare function get金额(): number;", text);
        Assert.Contains("declare function getNames(): string[];", text);
        Assert.Contains("declare function getDue(): string;", text);
        Assert.Single(text.Split('\n'), l => l.Contains("function getNames(", StringComparison.Ordinal));
        Assert.DoesNotContain("bad name", text);
    }

    [Fact]
    public void Declarations_WithoutDefinition_StillDeclareTheGlobals() =>
        Assert.Contains("declare function getWorkflowInstanceId(): string;", TypeDefinitionEndpoints.Declarations(null));
}

public sealed class ActivityExecutionRecordsTests
{
    private static JournalRecord Row(long sequence, string execution, string activity, string eventName, string? parent = null, string? payload = null) => new()
    {
        InstanceId = "i1",
        Sequence = sequence,
        Timestamp = new DateTime(2026, 1, 1, 0, 0, (int)sequence, DateTimeKind.Utc),
        ActivityExecutionId = execution,
        ParentActivityExecutionId = parent,
        ActivityId = activity,
        ActivityNodeId = "Workflow1:f:" + activity,
        ActivityType = "T",
        ActivityTypeVersion = 1,
        EventName = eventName,
        PayloadJson = payload,
    };

    [Fact]
    public void Build_GroupsJournalIntoExecutions_WithStatusTimesAndIo()
    {
        var rows = new[]
        {
            Row(1, "f", "flow", JournalEvents.Started),
            Row(2, "a", "task", JournalEvents.Started, "f"),
            Row(3, "a", "task", JournalEvents.Suspended, "f", """{"inputs":{"Title":"审"}}"""),
            Row(4, "a", "task", JournalEvents.Resumed, "f"),
            Row(5, "a", "task", JournalEvents.Completed, "f", """{"inputs":{"Title":"审"},"outputs":{"Outcome":"Approve"}}"""),
            Row(6, "b", "oops", JournalEvents.Started, "f"),
            Row(7, "b", "oops", JournalEvents.Faulted, "f"),
        };

        var executions = ActivityExecutionRecords.Build("i1", rows).ToDictionary(e => e.ExecutionId);

        Assert.Equal("Running", executions["f"].Status);
        Assert.Equal("Completed", executions["a"].Status);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 5, TimeSpan.Zero), executions["a"].CompletedAt);
        Assert.Equal("Approve", executions["a"].Outputs!["Outcome"]!.GetValue<string>());
        Assert.Equal("Faulted", executions["b"].Status);
        Assert.Equal("i1.a", executions["a"].Id);
        var record = ActivityExecutionRecords.Record(executions["a"], executions, null);
        Assert.Equal("i1.f", record["schedulingActivityExecutionId"]!.GetValue<string>());
        Assert.Equal(1, record["callStackDepth"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("abc.def", true, "abc", "def")]
    [InlineData("abc", false, "", "")]
    [InlineData(".def", false, "", "def")]
    public void TrySplit_RecordIds(string id, bool ok, string instanceId, string executionId)
    {
        Assert.Equal(ok, ActivityExecution.TrySplit(id, out var instance, out var execution));
        if (ok)
        {
            Assert.Equal(instanceId, instance);
            Assert.Equal(executionId, execution);
        }
    }
}
