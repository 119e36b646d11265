using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Association.Domain;
using Workflows.Association.Json;

namespace Workflows.Association.Rules;

public sealed record Ballot(string Voter, VoteChoice Choice);

/// <summary>
/// Reads the standing-council ballots the secretariat records after the meeting (P1 step 7): a JSON object
/// <c>{"changwu1": "inFavour", …}</c>, an array <c>[{voter, choice}]</c>, or text with one ballot per line
/// (<c>changwu1 赞成</c>). Choices: inFavour/赞成/同意, against/反对, abstain/弃权.
/// </summary>
public static class Ballots
{
    public static (IReadOnlyList<Ballot> Ballots, IReadOnlyList<string> Errors) Parse(JsonNode? value)
    {
        var ballots = new List<Ballot>();
        var errors = new List<string>();
        switch (value)
        {
            case JsonObject map:
                foreach (var (voter, choice) in map)
                {
                    Add(voter, choice is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null, voter);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var item = array[i] as JsonObject;
                    Add(Text(item?["voter"]), Text(item?["choice"]), $"#{i + 1}");
                }

                break;
            case JsonValue text when text.GetValueKind() == JsonValueKind.String:
                foreach (var line in text.GetValue<string>().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var parts = line.Split([' ', '\t', ',', '，', ':', '：', '=', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    Add(parts.ElementAtOrDefault(0), parts.ElementAtOrDefault(1), line);
                }

                break;
            case null:
                break;
            default:
                errors.Add("表决记录格式无法识别 / ballots not understood");
                break;
        }

        return (ballots, errors);

        void Add(string? voter, string? choice, string where)
        {
            if (string.IsNullOrWhiteSpace(voter))
            {
                errors.Add($"表决记录 {where} 缺少表决人 / ballot {where}: no voter");
            }
            else if (ParseChoice(choice) is not { } parsed)
            {
                errors.Add($"表决记录 {where} 的表决意见“{choice}”无法识别（赞成/反对/弃权） / ballot {where}: unknown choice '{choice}'");
            }
            else if (ballots.Any(b => b.Voter == voter.Trim()))
            {
                errors.Add($"{voter} 重复表决 / {voter} voted twice");
            }
            else
            {
                ballots.Add(new Ballot(voter.Trim(), parsed));
            }
        }
    }

    public static VoteChoice? ParseChoice(string? text) => text?.Trim() switch
    {
        "赞成" or "同意" => VoteChoice.InFavour,
        "反对" or "不同意" => VoteChoice.Against,
        "弃权" => VoteChoice.Abstain,
        var other when EnumWire.TryFromWire<VoteChoice>(other, out var parsed) => parsed,
        _ => null,
    };

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
