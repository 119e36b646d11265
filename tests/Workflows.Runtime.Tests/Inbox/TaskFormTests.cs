using System.Text.Json.Nodes;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Tests.Inbox;

public class TaskFormTests
{
    private static IReadOnlyList<FormField> Fields(string json) => TaskForm.Fields(new TaskRecord
    {
        Id = "t", InstanceId = "i", BookmarkId = "b", ActivityId = "a", ActivityNodeId = "n", Title = "t", AssigneesJson = "[]", OutcomesJson = "[]", Status = "Open",
        FormJson = json,
    });

    private const string Form = """
        [{"name":"name","label":"姓名","required":true},
         {"name":"count","label":"人数","type":"integer","required":true},
         {"name":"amount","label":"金额","type":"number"},
         {"name":"on","label":"开启","type":"checkbox"},
         {"name":"day","label":"日期","type":"date"},
         {"name":"kind","label":"类别","type":"select","options":[{"value":"a","label":"甲"},"b"]},
         {"name":"tags","label":"标签","type":"multiselect","options":["x","y"]},
         {"name":"mail","label":"邮箱","type":"email"},
         {"name":"fixed","label":"固定值","mode":"readonly","value":12},
         {"name":"bound","label":"变量值","mode":"readonly","variable":"Budget"},
         {"name":"secret","label":"隐藏","mode":"hidden","value":"s"}]
        """;

    private static (JsonObject Accepted, List<string> Errors) Validate(string submitted, bool enforceRequired = true)
    {
        var variables = new JsonObject { ["Budget"] = 300 };
        return TaskForm.Validate(Fields(Form), JsonNode.Parse(submitted)!.AsObject(), f => TaskForm.CurrentValue(f, variables), enforceRequired);
    }

    [Fact]
    public void Validate_GoodValues_AreNormalisedAndOnlyEditableOnesAccepted()
    {
        var (accepted, errors) = Validate("""
            {"name":"张三","count":"3","amount":"12.5","on":"是","day":"2026-12-01","kind":"a","tags":["x","y"],"mail":"a@b.cn","fixed":"12","bound":300,"secret":"s"}
            """);

        Assert.Empty(errors);
        Assert.Equal(3, accepted["count"]!.GetValue<long>());
        Assert.Equal(12.5, accepted["amount"]!.GetValue<double>());
        Assert.True(accepted["on"]!.GetValue<bool>());
        Assert.Equal("2026-12-01", accepted["day"]!.GetValue<string>());
        Assert.Equal(2, accepted["tags"]!.AsArray().Count);
        Assert.False(accepted.ContainsKey("fixed"));
        Assert.False(accepted.ContainsKey("bound"));
        Assert.False(accepted.ContainsKey("secret"));
    }

    [Fact]
    public void Validate_EveryKindOfMistake_IsReportedByLabel()
    {
        var (_, errors) = Validate("""
            {"name":" ","count":"2.5","amount":"x","on":"maybe","day":"1/12/2026","kind":"c","tags":["z"],"mail":"not-mail","fixed":13,"bound":301,"secret":"t","other":1}
            """);

        foreach (var label in new[] { "姓名", "人数", "金额", "开启", "日期", "类别", "标签", "邮箱", "固定值", "变量值", "隐藏", "other" })
            Assert.Contains(errors, e => e.Contains(label, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RequiredIsNotEnforcedForRejections_ButTypesStillAre()
    {
        var (_, errors) = Validate("""{"amount":"x"}""", enforceRequired: false);

        Assert.Single(errors);
        Assert.Contains("金额", errors[0]);
    }

    [Fact]
    public void Fields_ReadModesOptionsAndSkipNamelessOrDuplicateFields()
    {
        var fields = Fields("""[{"name":"a","mode":"只读"},{"label":"no name"},{"name":"a"},{"name":"b","mode":"HIDDEN","options":["1"]}]""");

        Assert.Equal(["a", "b"], fields.Select(f => f.Name));
        Assert.Equal([FieldMode.ReadOnly, FieldMode.Hidden], fields.Select(f => f.Mode));
        Assert.Equal("text", fields[0].Type);
    }
}
