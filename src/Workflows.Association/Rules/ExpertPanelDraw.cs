using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Workflows.Association.Domain;

namespace Workflows.Association.Rules;

/// <summary>An expert of the pool as the draw sees it.</summary>
public sealed record PoolExpert
{
    public required string ExpertId { get; init; }

    public required string Name { get; init; }

    /// <summary>The unit the expert works at (from the person record).</summary>
    public string? MemberUnitId { get; init; }

    public ExpertStatus Status { get; init; }

    public bool IsConsultant { get; init; }

    public ProfessionalTitle Title { get; init; }

    public int? TitleYear { get; init; }
}

/// <summary>Why an expert of the pool was left out of a draw.</summary>
public sealed record ExcludedExpert(string ExpertId, string Name, string Reason);

public sealed record PanelDrawResult(
    string Seed,
    IReadOnlyList<string> Pool,
    IReadOnlyList<ExcludedExpert> Excluded,
    IReadOnlyList<string> Drawn)
{
    public bool Complete(int size) => Drawn.Count == size;
}

/// <summary>
/// The expert-panel draw of P5 step 3, written so that anyone can audit it with the stored record:
/// <list type="number">
/// <item>Pool: active review experts (not consultants, 002 §3.3) who qualify — associate senior title or higher
/// held ≥ 5 years (002 §3.2) — and who do not work at the applicant institution (conflict of interest). Every
/// expert left out is listed with the reason.</item>
/// <item>The pool is sorted by expert id (ordinal), so the order does not depend on the database.</item>
/// <item>Shuffle: for i = 0, 1, … pick index <c>u64(SHA-256(seed + ":" + i)[0..8], big-endian) mod remaining</c>
/// from the experts not yet drawn (in pool order) and draw it. No platform random generator is involved, so the
/// same seed and pool give the same panel on any machine and any .NET version.</item>
/// <item>The first drawn expert leads the panel.</item>
/// </list>
/// The seed is derived from the workflow instance, the application and the round (<see cref="SeedFor"/>), so a
/// retried burst draws the same panel; it is not guessable before the application exists.
/// </summary>
public static class ExpertPanelDraw
{
    public static string SeedFor(string instanceId, string applicationId, int round)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(applicationId);
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"panel:{instanceId}:{applicationId}:{round}")));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 16));
    }

    public static PanelDrawResult Draw(IEnumerable<PoolExpert> experts, string applicantInstitutionId, int size, string seed, int currentYear, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(experts);
        ArgumentException.ThrowIfNullOrEmpty(applicantInstitutionId);
        ArgumentException.ThrowIfNullOrEmpty(seed);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);

        var pool = new List<string>();
        var excluded = new List<ExcludedExpert>();
        foreach (var expert in experts.OrderBy(e => e.ExpertId, StringComparer.Ordinal))
        {
            var reason = ExclusionReason(expert, applicantInstitutionId, currentYear, thresholds);
            if (reason is null)
            {
                pool.Add(expert.ExpertId);
            }
            else
            {
                excluded.Add(new ExcludedExpert(expert.ExpertId, expert.Name, reason));
            }
        }

        return new PanelDrawResult(seed, pool, excluded, Shuffle(pool, seed, size));
    }

    /// <summary>The first <paramref name="count"/> of the seeded shuffle of <paramref name="pool"/> (see the class remarks).</summary>
    public static IReadOnlyList<string> Shuffle(IReadOnlyList<string> pool, string seed, int count)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var remaining = pool.ToList();
        var drawn = new List<string>();
        for (var i = 0; i < count && remaining.Count > 0; i++)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seed}:{i}")));
            var value = BinaryPrimitives.ReadUInt64BigEndian(hash);
            var index = (int)(value % (ulong)remaining.Count);
            drawn.Add(remaining[index]);
            remaining.RemoveAt(index);
        }

        return drawn;
    }

    private static string? ExclusionReason(PoolExpert expert, string applicantInstitutionId, int currentYear, RuleThresholds thresholds)
    {
        if (expert.Status != ExpertStatus.Active)
        {
            return expert.Status == ExpertStatus.Nominated ? "尚未入库（提名中） / not yet admitted" : "已退出专家库 / retired";
        }

        if (expert.IsConsultant)
        {
            return "咨询专家，不参加现场评审（002 §3.3） / consultant, not an on-site reviewer";
        }

        if (string.Equals(expert.MemberUnitId, applicantInstitutionId, StringComparison.Ordinal))
        {
            return "来自受评单位，利益冲突须回避 / works at the applicant institution (conflict of interest)";
        }

        var qualification = ExpertRules.CheckQualification(new ExpertQualificationInput { Title = expert.Title, TitleYear = expert.TitleYear }, currentYear, thresholds);
        return qualification.Eligible
            ? null
            : string.Join("；", qualification.Failures.Select(f => f.Message)) + "（002 §3.2） / not qualified";
    }
}
