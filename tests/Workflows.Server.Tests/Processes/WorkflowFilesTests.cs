using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Engine.Model;
using Workflows.Engine.Validation;
using Workflows.Runtime.Definitions;
using Workflows.Server.Tests.Support;
using Workflows.Testing;

namespace Workflows.Server.Tests.Processes;

/// <summary>Every file in workflows/ is published at start, passes the publish validation, and is ready for the designer.</summary>
public sealed class WorkflowFilesTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Combine("workflows"), "*.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task WorkflowFile_AtStart_PublishedValidAndDesignerReady(string file)
    {
        await app.ClientAsync();
        var definition = WorkflowDefinition.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("workflows", file)));
        await using var scope = app.Services.CreateAsyncScope();

        var published = await scope.ServiceProvider.GetRequiredService<DefinitionStore>().FindAsync(definition.DefinitionId, VersionOptions.Published);
        Assert.NotNull(published);
        var result = scope.ServiceProvider.GetRequiredService<DefinitionValidator>().Validate(definition, ValidationPurpose.Publish);
        Assert.True(result.Messages.Count == 0, string.Join("\n", result.Messages.Select(m => m.ToString())));

        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", definition.Name);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", definition.Description);
        var activities = All(definition.Root!, null).ToList();
        Assert.All(activities, a =>
        {
            var (json, parentNodeId) = a;
            var id = ActivityJson.Id(json);
            Assert.Equal($"{parentNodeId}:{id}", json.GetString("nodeId"));
            if (parentNodeId is "Workflow1") return;
            Assert.NotNull(json.GetObject("metadata")?.GetObject("designer")?.GetObject("position"));
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", json.GetObject("metadata")!.GetString("displayText") ?? "");
        });
    }

    private static IEnumerable<(JsonObject Json, string ParentNodeId)> All(JsonObject activity, string? parentNodeId)
    {
        var parent = parentNodeId ?? "Workflow1";
        yield return (activity, parent);
        foreach (var child in ActivityJson.Children(activity))
            foreach (var nested in All(child, activity.GetString("nodeId")!))
                yield return nested;
    }
}
