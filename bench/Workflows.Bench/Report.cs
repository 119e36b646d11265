using System.Globalization;

namespace Workflows.Bench;

/// <summary>Collects figures and prints them as a markdown table (for the closing note).</summary>
public sealed class Report
{
    private readonly List<(string Name, string Value)> _rows = [];

    public void Add(string name, double value, string unit) =>
        Add(name, value.ToString(value >= 100 ? "N0" : "N2", CultureInfo.InvariantCulture) + " " + unit);

    public void Add(string name, string value)
    {
        // Also as it comes: a long suite shows its figures before it ends.
        Console.Error.WriteLine($"{name}: {value}");
        _rows.Add((name, value));
    }

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine("| figure | value |");
        Console.WriteLine("| --- | --- |");
        foreach (var (name, value) in _rows) Console.WriteLine($"| {name} | {value} |");
    }

    public static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p / 100 * sorted.Count) - 1)];
    }
}
