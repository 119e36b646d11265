using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Workflows.Engine.Expressions;

namespace Workflows.Bench;

/// <summary>
/// Issue 10: the cost of one JavaScript evaluation as an activity input makes it (a fresh engine per evaluation,
/// Elsa's accessors installed), p50 and p99 over typical Elsa expressions: a variable read, a string concat, a
/// small object. Run once before and once after the Jint upgrade for the comparison.
/// </summary>
public static class ScriptBench
{
    private static readonly (string Name, string Script)[] Scripts =
    [
        ("variable read", "getApplicant()"),
        ("string concat", "'审核 ' + variables.Applicant + '（' + getInput('BranchName') + '）'"),
        ("small object", "({ name: getApplicant(), score: variables.Score + 1, passed: variables.Score >= 60 })"),
    ];

    private static readonly (string Name, string Script)[] Runaways =
    [
        ("memory bomb (arrays)", "var a = []; while (true) { a.push(new Array(100000).fill('协会')); }"),
        ("string bomb (join)", "var s = new Array(1e9 + 1).join('x'); s.length"),
        ("string bomb (doubling)", "var s = 'x'; while (true) { s = s + s; }"),
    ];

    public static Task RunAsync(Report report, string[] args)
    {
        var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5_000;
        var evaluator = new JavaScriptEvaluator(new JavaScriptOptions());
        var scope = new BenchScope();
        var all = new List<double>();
        foreach (var (name, script) in Scripts)
        {
            for (var i = 0; i < 200; i++) evaluator.Evaluate(script, scope, "bench"); // warm-up (JIT, caches)
            var times = new List<double>(iterations);
            for (var i = 0; i < iterations; i++)
            {
                var sw = Stopwatch.StartNew();
                evaluator.Evaluate(script, scope, "bench");
                sw.Stop();
                times.Add(sw.Elapsed.TotalMicroseconds);
            }
            all.AddRange(times);
            report.Add($"JavaScript {name}, p50", Report.Percentile(times, 50), "µs");
            report.Add($"JavaScript {name}, p99", Report.Percentile(times, 99), "µs");
        }
        report.Add("JavaScript evaluation (all three), p50", Report.Percentile(all, 50), "µs");

        // Issue 12: how long a runaway takes to be stopped under the default limits (64 MB, 2 s, 1,000,000 statements).
        foreach (var (name, script) in Runaways)
        {
            var stops = new List<double>();
            for (var i = 0; i < 7; i++)
            {
                var sw = Stopwatch.StartNew();
                try
                {
                    evaluator.Evaluate(script, scope, "bench");
                    throw new InvalidOperationException($"{name} was not stopped");
                }
                catch (ExpressionException)
                {
                    stops.Add(sw.Elapsed.TotalMilliseconds);
                }
            }
            report.Add($"{name} stopped after, median of 7", Report.Percentile(stops, 50), "ms");
        }
        return Task.CompletedTask;
    }

    /// <summary>An instance with a few variables and inputs, as a P1-sized workflow has.</summary>
    private sealed class BenchScope : IExpressionScope
    {
        private readonly Dictionary<string, JsonNode?> _variables = new()
        {
            ["Applicant"] = "重庆市某某医院", ["Score"] = 72, ["Approved"] = false, ["Members"] = new JsonArray("甲", "乙", "丙"),
            ["BranchId"] = "4b896dd4-85e2-540b-84b8-8f07166ed7e3", ["Notes"] = "", ["Round"] = 1, ["Decision"] = null,
        };
        private readonly JsonObject _input = new() { ["BranchName"] = "神经内科分会", ["Year"] = 2026 };

        public string InstanceId => "bench-instance";
        public string? CorrelationId => "bench";
        public string DefinitionId => "bench";
        public string DefinitionVersionId => "bench:v1";
        public int DefinitionVersion => 1;
        public CultureInfo Culture => CultureInfo.InvariantCulture;
        public JsonNode? GetVariable(string name) => _variables.GetValueOrDefault(name);
        public void SetVariable(string name, JsonNode? value) => _variables[name] = value;
        public void SetVariableByIdOrName(string idOrName, JsonNode? value) => _variables[idOrName] = value;
        public bool HasVariable(string name) => _variables.ContainsKey(name);
        public IEnumerable<string> VariableNamesInScope() => _variables.Keys;
        public JsonNode? GetWorkflowInput(string name) => _input[name];
        public IEnumerable<string> WorkflowInputNames => _input.Select(p => p.Key);
        public JsonNode? GetOutputFrom(string activityIdOrName, string? outputName) => null;
        public void SetCorrelationId(string? value) { }
    }
}
