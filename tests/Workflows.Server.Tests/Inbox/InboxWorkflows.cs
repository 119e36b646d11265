using System.Text.Json.Nodes;
using Workflows.Engine.Activities.Builtin;
using Workflows.Engine.Model;
using static Workflows.Testing.Wf;

namespace Workflows.Server.Tests.Inbox;

/// <summary>Small definitions for the inbox tests, written to a folder the test service loads at start.</summary>
public static class InboxWorkflows
{
    public const string Review = "inbox-review";
    public const string Multi = "inbox-multi";
    public const string CountersignAll = "inbox-cs-all";
    public const string CountersignAny = "inbox-cs-any";
    public const string CountersignRatio = "inbox-cs-ratio";
    public const string CountersignSequential = "inbox-cs-seq";
    public const string CountersignRole = "inbox-cs-role";
    public const string Deadline = "inbox-deadline";

    public const string ReviewForm = """
        [{"name":"budget","label":"预算（元）","type":"number","mode":"readonly","value":5000},
         {"name":"opinion","label":"审核意见摘要","type":"text","required":true},
         {"name":"score","label":"评分","type":"integer"},
         {"name":"agree","label":"同意公开","type":"boolean"},
         {"name":"level","label":"等级","type":"select","options":["A","B","C"]},
         {"name":"secret","label":"内部编号","type":"text","mode":"hidden","value":"N-1"}]
        """;

    private static JsonObject Task(string id, string title, params (string Member, JsonNode? Value)[] members)
    {
        var activity = Act(id, HumanTaskActivity.TypeName, [("title", Lit(title)), .. members]);
        activity["metadata"]!["displayText"] = title;
        return activity;
    }

    private static JsonObject Outcomes(params string[] outcomes) =>
        Obj(new JsonArray(outcomes.Select(o => (JsonNode?)o).ToArray()).ToJsonString(), "String[]");

    private static JsonObject Context(string branchId, string branchName) =>
        Obj(new JsonObject { ["process"] = "TEST", ["branchId"] = branchId, ["branchName"] = branchName }.ToJsonString());

    public static IEnumerable<WorkflowDefinition> All()
    {
        (string, JsonNode?) context() => ("context", Context("b-gk", "骨科分会"));
        yield return Def(Review,
        [
            Act("start", "Elsa.Start"),
            Task("apply", "提交活动申请", ("assignee", Lit("huiyuan1")), ("outcomes", Outcomes("Submit")),
                ("form", Obj("""[{"name":"topic","label":"活动主题","type":"text","required":true}]""")), context()),
            Task("review", "领导小组审批", ("candidateRole", Lit("leadershipGroupMember")), ("outcomes", Outcomes("Approve", "Reject")),
                ("commentRequiredFor", Outcomes("Reject", "Return")), ("dueIn", Lit("3.00:00:00", "TimeSpan")), ("form", Obj(ReviewForm)),
                ("description", Lit("请审核骨科分会的活动申请。")), context()),
            Task("archive", "秘书处归档", ("candidateRole", Lit("secretariat")), ("outcomes", Outcomes("Done")), context()),
            WriteLine("rejected", "已驳回"),
            Act("end", "Elsa.End"),
        ],
        [Conn("start", "apply"), Conn("apply", "review", "Submit"), Conn("review", "archive", "Approve"), Conn("review", "rejected", "Reject"), Conn("archive", "end", "Done")]);

        yield return Def(Multi,
        [
            Act("start", "Elsa.Start"),
            Task("pick", "任一成员审批", ("assignee", Lit("chengyuan1,chengyuan2")), ("outcomes", Outcomes("Approve", "Reject")), ("context", Context("b-xn", "心内科分会"))),
            Task("after", "审批之后", ("candidateRole", Lit("secretariat")), ("outcomes", Outcomes("Done"))),
        ],
        [Conn("start", "pick"), Conn("pick", "after", "Approve")]);

        foreach (var (id, countersign) in new[]
        {
            (CountersignAll, """{"mode":"all"}"""),
            (CountersignAny, """{"mode":"any"}"""),
            (CountersignRatio, """{"mode":"ratio","ratio":0.5}"""),
            (CountersignSequential, """{"mode":"all","order":"sequential"}"""),
        })
        {
            yield return CountersignFlow(id, ("assignee", Lit("chengyuan1,chengyuan2,chengyuan3")), ("countersign", Obj(countersign)));
        }
        yield return CountersignFlow(CountersignRole, ("candidateRole", Lit("leadershipGroupMember")), ("countersign", Obj("""{"mode":"any","rejectRule":"afterAll"}""")));

        yield return Def(Deadline,
        [
            Act("start", "Elsa.Start"),
            Task("t", "限期审批", ("assignee", Lit("chengyuan1")), ("outcomes", Outcomes("Approve", "Reject")), ("dueIn", Lit("2.00:00:00", "TimeSpan")),
                ("escalateTo", Lit("zuzhang")), ("context", Context("b-yk", "眼科分会"))),
            Task("after", "审批之后", ("candidateRole", Lit("secretariat")), ("outcomes", Outcomes("Done"))),
        ],
        [Conn("start", "t"), Conn("t", "after", "Approve")]);
    }

    private static WorkflowDefinition CountersignFlow(string id, params (string Member, JsonNode? Value)[] signers) => Def(id,
    [
        Act("start", "Elsa.Start"),
        Task("sign", "领导小组会签", [("outcomes", Outcomes("Approve", "Reject")), ("commentRequiredFor", Outcomes("Reject")), ("context", Context("b-pf", "皮肤科分会")), .. signers]),
        Task("passed", "会签通过后", ("candidateRole", Lit("secretariat")), ("outcomes", Outcomes("Done"))),
        Task("failed", "会签驳回后", ("candidateRole", Lit("secretariat")), ("outcomes", Outcomes("Done"))),
    ],
    [Conn("start", "sign"), Conn("sign", "passed", "Approve"), Conn("sign", "failed", "Reject")]);

    private static readonly Lazy<string> Written = new(() => WriteTo(Path.Combine(AppContext.BaseDirectory, "inbox-workflows")));

    /// <summary>A folder beside the test assembly holding every definition as a file (the service loads *.json at start).</summary>
    public static string Folder => Written.Value;

    private static string WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var definition in All())
        {
            // The tests start these flows as applicants of any role (member units mostly): say so, as the Association's
            // definitions do (customProperties.startRoles; undeclared means the secretariat only).
            var json = System.Text.Json.Nodes.JsonNode.Parse(definition.ToJson(indented: true))!.AsObject();
            json["customProperties"] = new System.Text.Json.Nodes.JsonObject
            {
                ["startRoles"] = new System.Text.Json.Nodes.JsonArray(Workflows.Runtime.Identity.RoleKeys.All.Select(r => (System.Text.Json.Nodes.JsonNode?)r.Key).ToArray()),
            };
            File.WriteAllText(Path.Combine(folder, definition.DefinitionId + ".json"), json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }
        return folder;
    }
}
