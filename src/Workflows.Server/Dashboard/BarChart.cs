using System.Globalization;
using System.Net;
using System.Text;

namespace Workflows.Server.Dashboard;

/// <summary>A horizontal bar chart drawn as SVG on the server: no script, no library, prints as it shows.</summary>
public static class BarChart
{
    public sealed record Bar(string Label, decimal Value);

    public static string Svg(string id, string title, IReadOnlyList<Bar> bars, string unit = "", string color = "#0b5cad")
    {
        const int labelWidth = 190, barArea = 300, rowHeight = 30, top = 8;
        var width = labelWidth + barArea + 80;
        var height = top * 2 + Math.Max(bars.Count, 1) * rowHeight;
        var max = bars.Count == 0 ? 1 : Math.Max(bars.Max(b => b.Value), 0.0001m);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" class=\"bar-chart\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\"><title>{E(title)}</title>");
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = top + i * rowHeight;
            var length = (double)(bar.Value / max) * barArea;
            var label = bar.Label.Length > 12 ? bar.Label[..11] + "…" : bar.Label;
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"bar\" data-label=\"{E(bar.Label)}\" data-value=\"{bar.Value.ToString("0.##", CultureInfo.InvariantCulture)}\"><title>{E(bar.Label)}：{bar.Value.ToString("0.##", CultureInfo.InvariantCulture)}{E(unit)}</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 8}\" y=\"{y + rowHeight / 2}\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"14\" fill=\"#1f2933\">{E(label)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 5}\" width=\"{Math.Max(length, 2):0.#}\" height=\"{rowHeight - 10}\" rx=\"3\" fill=\"{color}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + Math.Max(length, 2) + 6:0.#}\" y=\"{y + rowHeight / 2}\" dominant-baseline=\"middle\" font-size=\"14\" fill=\"#1f2933\">{bar.Value.ToString("0.##", CultureInfo.InvariantCulture)}{E(unit)}</text></g>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
