using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Association.Domain;
using Workflows.Runtime.Definitions;
using Workflows.Server.Tests.Support;
using static Workflows.Testing.Wf;

namespace Workflows.Server.Tests.Processes;

/// <summary>Domain activities in small workflows of their own: they commit with the burst and never redo a recorded decision.</summary>
public sealed class DomainActivityTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private readonly ProcessDriver _p = new(app);

    private async Task PublishAsync(JsonObject definition)
    {
        await app.ClientAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<DefinitionStore>().SaveAsync(definition, publish: true, "test", "test");
        Assert.True(result.Succeeded, string.Join("; ", result.Messages.Select(m => m.Message)));
    }

    [Fact]
    public async Task DrawExpertPanel_SameRoundTwice_SecondRunReusesTheRecordedDraw()
    {
        var application = new JsonObject { ["institutionId"] = "b825ae9c-19b6-5ee5-af08-24fe8cc3f42f", ["kind"] = "credit" };
        JsonObject Draw(string id) => Act(id, "Association.DrawExpertPanel",
            ("applicationId", Js("getOutputFrom('register', 'ApplicationId')", "String")), ("round", Lit(1, "Int32")), ("panelSize", Lit(4, "Int32")));
        await PublishAsync(Def("draw-twice",
            [Act("start", "Elsa.Start"), Act("register", "Association.RegisterQualityReview", ("application", Js("getInput('Application')"))), Draw("first"), Draw("second"), HumanTask("hold", "查看抽取结果")],
            [Conn("start", "register"), Conn("register", "first"), Conn("first", "second", "Drawn"), Conn("second", "hold", "Drawn")]).Json);

        var id = await _p.StartAsync("mishu1", "draw-twice", new { Application = application });

        var state = JsonNode.Parse((await _p.InstanceAsync(id)).StateJson)!["activityOutputs"]!;
        Assert.Equal(state["first"]!["seed"]!.GetValue<string>(), state["second"]!["seed"]!.GetValue<string>());
        Assert.Equal(state["first"]!["members"]!.ToJsonString(), state["second"]!["members"]!.ToJsonString());
        var (draws, panels) = await _p.QueryAsync(async db => (
            await db.Set<PanelDraw>().CountAsync(d => d.QualityReviewApplicationId == "qr-" + id),
            await db.Set<ReviewPanel>().CountAsync(p => p.QualityReviewApplicationId == "qr-" + id)));
        Assert.Equal(1, draws);
        Assert.Equal(1, panels);
        Assert.Equal(QualityReviewStatus.PanelFormed, (await _p.QueryAsync(db => db.Set<QualityReviewApplication>().SingleAsync(a => a.Id == "qr-" + id))).Status);
    }

    [Fact]
    public async Task RegisterFoundingApplication_UnknownReferences_FaultsWithTheFieldsAndWritesNothing()
    {
        // The secretariat (a member unit may name no other unit, see StartPermissionTests).
        var client = await _p.ClientAsync("mishu1");
        using var response = await client.PostAsync("/elsa/api/workflow-definitions/p1-branch-founding/execute", System.Net.Http.Json.JsonContent.Create(new
        {
            input = new { Application = new { kind = "academic", name = "无效申请分会", discipline = "测试", chairUnitId = "no-such-unit", fundingCommitment = true } },
        }));
        var id = response.Headers.GetValues("x-elsa-workflow-instance-id").Single();

        var instance = await _p.InstanceAsync(id);
        Assert.Equal("Faulted", instance.SubStatus);
        Assert.Contains("chairUnitId", instance.StateJson, StringComparison.Ordinal);
        Assert.Contains("会员单位 no-such-unit 不存在", instance.StateJson, StringComparison.Ordinal);
        Assert.False(await _p.QueryAsync(db => db.Set<FoundingApplication>().AnyAsync(a => a.Id == "fa-" + id)));
    }

    [Fact]
    public async Task OpenAssessment_SameBranchAndYearTwice_SecondInstanceSkips()
    {
        const string Neurology = "4b896dd4-85e2-540b-84b8-8f07166ed7e3";
        var first = await _p.StartAsync("mishu1", "p3-annual-assessment", new { BranchId = Neurology, Year = 2024 });
        var second = await _p.StartAsync("mishu2", "p3-annual-assessment", new { BranchId = Neurology, Year = 2024 });

        await _p.TaskAsync(first, "selfAssess");
        await _p.FinishedAsync(second);
        Assert.Empty(await _p.OpenTasksAsync(second));
        Assert.Equal(first, (await _p.QueryAsync(db => db.Set<Assessment>().SingleAsync(a => a.BranchId == Neurology && a.Year == 2024))).WorkflowInstanceId);
    }
}
