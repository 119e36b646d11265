using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Execution;
using Workflows.Engine.Model;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;
using Workflows.Server.Hosting;

namespace Workflows.Server.Processes;

/// <summary>
/// The picture of an application's path: the instance's pinned definition drawn as SVG from the flowchart's own
/// designer layout (each activity's metadata.designer.position and size, as Elsa Studio saves them), with the
/// steps done and the connections taken highlighted (from the journal), the waiting steps marked (open tasks and
/// bookmarks) and the steps still to come greyed. Only the top-level flowchart is drawn; a nested one is one box.
/// </summary>
public sealed class PathDiagram(WorkflowsDbContext db)
{
    public enum StepState { ToCome, Done, Waiting, Faulted }

    public sealed record Node(string Id, string Label, double X, double Y, double Width, double Height, StepState State);

    public sealed record Edge(string From, string To, bool Taken);

    public sealed record Picture(IReadOnlyList<Node> Nodes, IReadOnlyList<Edge> Edges)
    {
        public int Done => Nodes.Count(n => n.State == StepState.Done);
        public IEnumerable<Node> Waiting => Nodes.Where(n => n.State == StepState.Waiting);
    }

    private const double DefaultWidth = 220, DefaultHeight = 64;

    /// <summary>The picture of <paramref name="instanceId"/>, or null when its definition has no flowchart layout.
    /// The caller has checked that the reader may see the instance.</summary>
    public async Task<Picture?> BuildAsync(string instanceId, CancellationToken ct)
    {
        var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, ct);
        if (instance is null) return null;
        var json = await db.DefinitionSnapshots.AsNoTracking().Where(s => s.Hash == instance.SnapshotHash).Select(s => s.Json).FirstOrDefaultAsync(ct);
        if (json is null || WorkflowDefinition.Parse(json).Root is not { } root || root.GetArray("activities") is not { } activities) return null;

        var events = await db.Journal.AsNoTracking().Where(j => j.InstanceId == instanceId)
            .Select(j => new { j.ActivityId, j.EventName }).ToListAsync(ct);
        var started = events.Where(e => e.EventName == JournalEvents.Started).Select(e => e.ActivityId).ToHashSet(StringComparer.Ordinal);
        var completed = events.Where(e => e.EventName == JournalEvents.Completed).Select(e => e.ActivityId).ToHashSet(StringComparer.Ordinal);
        var faulted = events.Where(e => e.EventName == JournalEvents.Faulted).Select(e => e.ActivityId).ToHashSet(StringComparer.Ordinal);
        var waiting = (await db.Tasks.AsNoTracking().Where(t => t.InstanceId == instanceId && t.Status == TaskStatuses.Open).Select(t => t.ActivityId).ToListAsync(ct))
            .Concat(await db.Bookmarks.AsNoTracking().Where(b => b.InstanceId == instanceId).Select(b => b.ActivityId).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);

        var nodes = new List<Node>();
        foreach (var activity in activities.OfType<JsonObject>())
        {
            var id = ActivityJson.Id(activity);
            var designer = activity.GetObject("metadata")?.GetObject("designer");
            var position = designer?.GetObject("position");
            var size = designer?.GetObject("size");
            var state = faulted.Contains(id) ? StepState.Faulted
                : waiting.Contains(id) || (started.Contains(id) && !completed.Contains(id) && instance.Status != "Finished") ? StepState.Waiting
                : completed.Contains(id) ? StepState.Done
                : StepState.ToCome;
            nodes.Add(new Node(id, ActivityJson.Label(activity),
                Number(position?["x"]) ?? nodes.Count * (DefaultWidth + 60), Number(position?["y"]) ?? 0,
                Number(size?["width"]) is > 0 and double w ? w : DefaultWidth, Number(size?["height"]) is > 0 and double h ? h : DefaultHeight, state));
        }
        var known = nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var edges = (root.GetArray("connections") ?? []).OfType<JsonObject>()
            .Select(c => (From: c.GetObject("source")?.GetString("activity"), To: c.GetObject("target")?.GetString("activity")))
            .Where(c => c.From is not null && c.To is not null && known.Contains(c.From) && known.Contains(c.To))
            // Taken: its source completed and its target ran. An outlet not chosen leaves its target unstarted.
            .Select(c => new Edge(c.From!, c.To!, completed.Contains(c.From!) && (started.Contains(c.To!) || waiting.Contains(c.To!))))
            .ToList();
        return new Picture(nodes, edges);
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;

    /// <summary>The picture as inline SVG, at 60 % of the designer's scale, labels in the reader's language.</summary>
    public static string Svg(Picture picture)
    {
        const double scale = 0.6, margin = 16;
        if (picture.Nodes.Count == 0) return "";
        var minX = picture.Nodes.Min(n => n.X) - margin;
        var minY = picture.Nodes.Min(n => n.Y) - margin;
        var width = picture.Nodes.Max(n => n.X + n.Width) - minX + margin;
        var height = picture.Nodes.Max(n => n.Y + n.Height) - minY + margin;
        var byId = picture.Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"path-svg\" role=\"img\" viewBox=\"{F(minX)} {F(minY)} {F(width)} {F(height)}\" width=\"{F(width * scale)}\" height=\"{F(height * scale)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{E(Ui.T("流程路径图", "Path of the process"))}</title>");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#9aa5b1\"/></marker>"
            + "<marker id=\"arrow-taken\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#1a7f37\"/></marker></defs>");
        // Connections under the boxes: taken ones last so they lie on top of the others.
        foreach (var edge in picture.Edges.OrderBy(e => e.Taken))
        {
            var (from, to) = (byId[edge.From], byId[edge.To]);
            var (x1, y1, x2, y2) = Ends(from, to);
            var bend = Math.Abs(x2 - x1) / 2;
            var path = Math.Abs(y1 - y2) < 1 || Math.Abs(x2 - x1) < 1
                ? $"M{F(x1)},{F(y1)} L{F(x2)},{F(y2)}"
                : $"M{F(x1)},{F(y1)} C{F(x1 + bend)},{F(y1)} {F(x2 - bend)},{F(y2)} {F(x2)},{F(y2)}";
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"edge{(edge.Taken ? " taken" : "")}\" data-from=\"{E(edge.From)}\" data-to=\"{E(edge.To)}\" d=\"{path}\" fill=\"none\" stroke=\"{(edge.Taken ? "#1a7f37" : "#c3cad3")}\" stroke-width=\"{(edge.Taken ? 4 : 2)}\" marker-end=\"url(#{(edge.Taken ? "arrow-taken" : "arrow")})\"/>");
        }
        foreach (var node in picture.Nodes)
        {
            var (fill, stroke, text, strokeWidth) = node.State switch
            {
                StepState.Done => ("#e6f4ea", "#1a7f37", "#0f3d1e", 3),
                StepState.Waiting => ("#fff4d6", "#d4830a", "#5c3a00", 6),
                StepState.Faulted => ("#fde8e8", "#c62828", "#6b1111", 4),
                _ => ("#f4f5f7", "#c3cad3", "#8a94a0", 2),
            };
            var state = node.State switch
            {
                StepState.Done => Ui.T("已完成", "done"),
                StepState.Waiting => Ui.T("当前等待", "waiting"),
                StepState.Faulted => Ui.T("出错", "faulted"),
                _ => Ui.T("待办理", "to come"),
            };
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"step {node.State.ToString().ToLowerInvariant()}\" data-activity=\"{E(node.Id)}\" data-state=\"{node.State.ToString().ToLowerInvariant()}\">");
            svg.Append(CultureInfo.InvariantCulture, $"<title>{E(node.Label)}（{E(state)}）</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(node.X)}\" y=\"{F(node.Y)}\" width=\"{F(node.Width)}\" height=\"{F(node.Height)}\" rx=\"10\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{strokeWidth}\"{(node.State == StepState.ToCome ? " stroke-dasharray=\"6 4\"" : "")}/>");
            var lines = Wrap(node.Label, (int)(node.Width / 22));
            var top = node.Y + node.Height / 2 - (lines.Count - 1) * 12;
            for (var i = 0; i < lines.Count; i++)
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(node.X + node.Width / 2)}\" y=\"{F(top + i * 24)}\" text-anchor=\"middle\" dominant-baseline=\"middle\" font-size=\"20\" fill=\"{text}\"{(node.State == StepState.Waiting ? " font-weight=\"bold\"" : "")}>{E(lines[i])}</text>");
            svg.Append("</g>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Where a connection leaves and enters: the facing sides of the two boxes.</summary>
    private static (double X1, double Y1, double X2, double Y2) Ends(Node from, Node to)
    {
        double cx1 = from.X + from.Width / 2, cy1 = from.Y + from.Height / 2, cx2 = to.X + to.Width / 2, cy2 = to.Y + to.Height / 2;
        if (Math.Abs(cx2 - cx1) >= Math.Abs(cy2 - cy1))
            return cx2 >= cx1 ? (from.X + from.Width, cy1, to.X, cy2) : (from.X, cy1, to.X + to.Width, cy2);
        return cy2 >= cy1 ? (cx1, from.Y + from.Height, cx2, to.Y) : (cx1, from.Y, cx2, to.Y + to.Height);
    }

    /// <summary>At most two lines of <paramref name="perLine"/> characters, the second cut with an ellipsis.</summary>
    private static List<string> Wrap(string label, int perLine)
    {
        perLine = Math.Max(perLine, 4);
        if (label.Length <= perLine) return [label];
        var second = label[perLine..];
        return [label[..perLine], second.Length <= perLine ? second : second[..(perLine - 1)] + "…"];
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
