using System.Text.Json.Nodes;

namespace Workflows.Engine.Activities;

/// <summary>Text for people, Chinese first with English available.</summary>
public readonly record struct LocalizedText(string Zh, string En)
{
    public string For(string? culture) =>
        culture is not null && culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? En : Zh;

    public override string ToString() => Zh;
}

public enum ActivityKind
{
    Action,
    Trigger,
    Job,
    Task,
}

public enum PortType
{
    Flow,
    Embedded,
}

public sealed record PortDescriptor(string Name, LocalizedText DisplayName, PortType Type = PortType.Flow, bool IsBrowsable = true);

/// <summary>
/// Describes one input the way Elsa Studio needs it (type alias, UI hint, options). The engine uses the same
/// record to read the input from an activity's JSON: member name = camelized <see cref="Name"/>.
/// </summary>
public sealed record InputDescriptor(
    string Name,
    string TypeName,
    LocalizedText DisplayName,
    LocalizedText Description,
    string UiHint = "singleline",
    bool IsWrapped = true,
    JsonNode? DefaultValue = null,
    string? DefaultSyntax = null,
    JsonObject? UiSpecifications = null,
    string? Category = null,
    bool IsRequired = false,
    int Order = 0);

public sealed record OutputDescriptor(string Name, string TypeName, LocalizedText DisplayName, LocalizedText Description);

/// <summary>
/// Everything the designer and the validator know about an activity type. Built from the engine's catalogue,
/// so the toolbox can only offer what the engine can run.
/// </summary>
public sealed record ActivityDescriptor
{
    public required string TypeName { get; init; }
    public int Version { get; init; } = 1;

    /// <summary>Base for generated activity names (Studio appends a number).</summary>
    public required string Name { get; init; }

    public string Namespace => TypeName.Contains('.', StringComparison.Ordinal) ? TypeName[..TypeName.LastIndexOf('.')] : "";

    public required LocalizedText Category { get; init; }
    public required LocalizedText DisplayName { get; init; }
    public required LocalizedText Description { get; init; }
    public ActivityKind Kind { get; init; } = ActivityKind.Action;
    public IReadOnlyList<InputDescriptor> Inputs { get; init; } = [];
    public IReadOnlyList<OutputDescriptor> Outputs { get; init; } = [];

    /// <summary>Static ports. Activities with outcome inputs add more per instance (see IActivity.GetOutcomes).</summary>
    public IReadOnlyList<PortDescriptor> Ports { get; init; } = [];

    public bool IsContainer { get; init; }
    public bool IsBrowsable { get; init; } = true;
    public bool IsStart { get; init; }
    public bool IsTerminal { get; init; }

    /// <summary>Members copied onto a new activity dropped from the toolbox.</summary>
    public JsonObject? ConstructionProperties { get; init; }

    public InputDescriptor? FindInput(string name) =>
        Inputs.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Toolbox categories, shared so that activities group consistently.</summary>
public static class Categories
{
    public static readonly LocalizedText Flow = new("流程控制", "Flow");
    public static readonly LocalizedText Branching = new("分支", "Branching");
    public static readonly LocalizedText Looping = new("循环", "Looping");
    public static readonly LocalizedText Primitives = new("基础", "Primitives");
    public static readonly LocalizedText Scheduling = new("定时", "Scheduling");
    public static readonly LocalizedText Composition = new("组合", "Composition");
    public static readonly LocalizedText Console = new("日志", "Console");
    public static readonly LocalizedText Approval = new("审批", "Approval");
    public static readonly LocalizedText Notification = new("通知", "Notification");
    public static readonly LocalizedText Scripting = new("脚本", "Scripting");
    public static readonly LocalizedText Workflows = new("工作流", "Workflows");
    public static readonly LocalizedText ControlFlow = new("控制流", "Control Flow");
}
