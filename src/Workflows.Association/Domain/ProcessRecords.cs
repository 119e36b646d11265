using System.Text.Json.Serialization;
using Workflows.Association.Json;

namespace Workflows.Association.Domain;

/// <summary>
/// One candidate of a competitive chair selection (主委竞争性选拔, 001 §9(1)) with the average score the
/// selection panel gave and the resulting rank; the winner (rank 1) becomes the proposed chair.
/// </summary>
public class ChairCandidate
{
    public string Id { get; set; } = string.Empty;

    public string FoundingApplicationId { get; set; } = string.Empty;

    /// <summary>The candidate as a person of the register; null only while the name is unknown there.</summary>
    public string? PersonId { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>Average of the panel's scores (0–100).</summary>
    public decimal Score { get; set; }

    /// <summary>The individual scores as entered, e.g. "88, 91, 90".</summary>
    public string? ScoreDetail { get; set; }

    public int Rank { get; set; }

    public bool IsWinner { get; set; }

    public DateTime ScoredAtUtc { get; set; }
}

/// <summary>
/// The audit record of one expert-panel draw (P5 step 3): the seed, every expert considered with the reason
/// they were or were not eligible, and who was drawn. Re-running <see cref="Rules.ExpertPanelDraw"/> with the
/// stored seed and pool gives the same panel, so anyone can check the draw was not steered.
/// </summary>
public class PanelDraw
{
    public string Id { get; set; } = string.Empty;

    public string QualityReviewApplicationId { get; set; } = string.Empty;

    public string? ReviewPanelId { get; set; }

    /// <summary>1 for the first review, 2 for the re-review after rectification, …</summary>
    public int Round { get; set; }

    /// <summary>Hex seed, derived from the instance and the application so a retry draws the same panel.</summary>
    public string Seed { get; set; } = string.Empty;

    public int PanelSize { get; set; }

    /// <summary>Eligible expert ids in the order the draw shuffled them from (sorted by id before shuffling).</summary>
    public string PoolJson { get; set; } = "[]";

    /// <summary>Experts left out, each with the reason: <c>[{expertId, name, reason}]</c>.</summary>
    public string ExcludedJson { get; set; } = "[]";

    /// <summary>Drawn expert ids in draw order; the first is the panel leader.</summary>
    public string DrawnJson { get; set; } = "[]";

    public DateTime DrawnAtUtc { get; set; }

    public string? WorkflowInstanceId { get; set; }
}

/// <summary>
/// The history of a branch as the processes wrote it: founding, party branch, assessment outcomes (priority
/// cultivation, fee reduction, rectification, adjustment), violations. One row per decision, keyed by an
/// idempotency key so that an activity run twice records once.
/// </summary>
public class BranchRecord
{
    public string Id { get; set; } = string.Empty;

    public string BranchId { get; set; } = string.Empty;

    public BranchRecordKind Kind { get; set; }

    /// <summary>The assessment year the record belongs to, when it belongs to one.</summary>
    public int? Year { get; set; }

    public string Summary { get; set; } = string.Empty;

    /// <summary>Details as JSON (rule results, amounts, people).</summary>
    public string? DetailJson { get; set; }

    public string? RecordedBy { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    public string? WorkflowInstanceId { get; set; }

    public string? IdempotencyKey { get; set; }
}

[JsonConverter(typeof(CamelCaseEnumConverter<BranchRecordKind>))]
public enum BranchRecordKind
{
    /// <summary>成立（常务理事会表决通过）.</summary>
    Founded,

    /// <summary>成立大会.</summary>
    FoundingMeeting,

    /// <summary>特设党支部成立.</summary>
    PartyBranchAppointed,

    /// <summary>年度考核结果.</summary>
    AssessmentResult,

    /// <summary>重点培育扶持 (001 §20-21).</summary>
    PriorityCultivation,

    /// <summary>赞助商管理费提取比例下降 (001 §21).</summary>
    SponsorFeeReduction,

    /// <summary>限期整改.</summary>
    Rectification,

    /// <summary>整改复查.</summary>
    Recheck,

    /// <summary>动态调整（优胜劣汰, 001 §5）.</summary>
    Adjustment,

    /// <summary>违规记录：未经审批擅自开展活动 (000 §6.3).</summary>
    Violation,

    /// <summary>活动总结与财务结算 (P4 step 4).</summary>
    ActivityReport,
}

/// <summary>A term of the quality-review center's leader unit (组长单位): a tertiary hospital, three years (002 §3.4).</summary>
public class CenterLeaderTerm
{
    public string Id { get; set; } = string.Empty;

    public string MemberUnitId { get; set; } = string.Empty;

    public DateOnly TermStart { get; set; }

    /// <summary>The last day of the term (<see cref="Rules.SupervisionRules.LeaderUnitTermEnd"/>).</summary>
    public DateOnly TermEnd { get; set; }

    public DateTime SelectedAtUtc { get; set; }

    public string? WorkflowInstanceId { get; set; }
}
