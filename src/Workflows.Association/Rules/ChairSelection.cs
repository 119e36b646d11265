using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workflows.Association.Rules;

/// <summary>A candidate of the competitive chair selection as the panel scored them.</summary>
public sealed record ChairCandidateScore(string? PersonId, string Name, IReadOnlyList<decimal> Scores)
{
    public decimal Average => Scores.Count == 0 ? 0 : Math.Round(Scores.Average(), 2, MidpointRounding.AwayFromZero);
}

public sealed record RankedCandidate(ChairCandidateScore Candidate, int Rank);

public sealed record ChairSelectionResult(IReadOnlyList<RankedCandidate> Ranking, bool TieForFirst)
{
    /// <summary>The sole candidate ranked first; null when there is none or two share the top score.</summary>
    public ChairCandidateScore? Winner => TieForFirst || Ranking.Count == 0 ? null : Ranking[0].Candidate;
}

/// <summary>
/// Competitive chair selection (主委竞争性选拔, 001 §9(1)): open call, candidates, scoring by a panel, ranking;
/// the winner becomes the chair. Each candidate's score is the average of the panel's scores (0–100); ranks
/// follow "competition ranking" (90, 90, 85 → 1, 1, 3). A tie for first place is not broken by chance: the
/// panel scores again.
/// </summary>
public static class ChairSelection
{
    public const decimal MaxScore = 100;

    public static ChairSelectionResult Rank(IReadOnlyList<ChairCandidateScore> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var ordered = candidates.OrderByDescending(c => c.Average).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        var ranking = new List<RankedCandidate>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var rank = i > 0 && ordered[i].Average == ordered[i - 1].Average ? ranking[i - 1].Rank : i + 1;
            ranking.Add(new RankedCandidate(ordered[i], rank));
        }

        return new ChairSelectionResult(ranking, ranking.Count > 1 && ranking[1].Rank == 1);
    }

    /// <summary>
    /// Reads candidates from a task form: a JSON array <c>[{personId?, name?, score? | scores?: []}]</c> or text,
    /// one candidate per line: <c>姓名或人员编号, 分数[, 分数…]</c> (commas, Chinese commas, tabs or spaces).
    /// Returns the candidates and one message per bad line or item.
    /// </summary>
    public static (IReadOnlyList<(string Key, IReadOnlyList<decimal> Scores)> Items, IReadOnlyList<string> Errors) Parse(JsonNode? value)
    {
        var items = new List<(string, IReadOnlyList<decimal>)>();
        var errors = new List<string>();
        switch (value)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is not JsonObject item)
                    {
                        errors.Add($"第 {i + 1} 项不是对象 / item {i + 1} is not an object");
                        continue;
                    }

                    var key = Text(item["personId"]) ?? Text(item["name"]);
                    var scores = new List<decimal>();
                    if (item["scores"] is JsonArray list)
                    {
                        scores.AddRange(list.Select(Number).OfType<decimal>());
                        if (scores.Count != list.Count)
                        {
                            errors.Add($"第 {i + 1} 项的分数不是数字 / item {i + 1}: a score is not a number");
                            continue;
                        }
                    }
                    else if (Number(item["score"]) is { } single)
                    {
                        scores.Add(single);
                    }

                    Add(key, scores, $"第 {i + 1} 项", $"item {i + 1}");
                }

                break;
            case JsonValue text when text.GetValueKind() == JsonValueKind.String:
                var lines = text.GetValue<string>().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                for (var i = 0; i < lines.Length; i++)
                {
                    var parts = lines[i].Split([',', '，', '\t', ' ', '、', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    var scores = new List<decimal>();
                    var bad = false;
                    foreach (var part in parts.Skip(1))
                    {
                        if (decimal.TryParse(part, NumberStyles.Number, CultureInfo.InvariantCulture, out var s))
                        {
                            scores.Add(s);
                        }
                        else
                        {
                            bad = true;
                        }
                    }

                    if (bad)
                    {
                        errors.Add($"第 {i + 1} 行“{lines[i]}”的分数不是数字 / line {i + 1}: a score is not a number");
                        continue;
                    }

                    Add(parts.FirstOrDefault(), scores, $"第 {i + 1} 行", $"line {i + 1}");
                }

                break;
            default:
                errors.Add("未填写候选人及得分 / no candidates given");
                break;
        }

        if (items.Count == 0 && errors.Count == 0)
        {
            errors.Add("未填写候选人及得分 / no candidates given");
        }

        return (items, errors);

        void Add(string? key, List<decimal> scores, string whereZh, string whereEn)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                errors.Add($"{whereZh}缺少候选人姓名或编号 / {whereEn}: no candidate name or id");
            }
            else if (scores.Count == 0)
            {
                errors.Add($"{whereZh}（{key}）缺少得分 / {whereEn} ({key}): no score");
            }
            else if (scores.Any(s => s < 0 || s > MaxScore))
            {
                errors.Add($"{whereZh}（{key}）的得分须在 0–{MaxScore} 之间 / {whereEn} ({key}): scores must be 0–{MaxScore}");
            }
            else if (items.Any(i => i.Item1 == key))
            {
                errors.Add($"{whereZh}：候选人 {key} 重复 / {whereEn}: candidate {key} appears twice");
            }
            else
            {
                items.Add((key.Trim(), scores));
            }
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } s ? s.Trim() : null;

    private static decimal? Number(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => decimal.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && decimal.TryParse(v.GetValue<string>(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}
