namespace Workflows.Association.Domain;

/// <summary>
/// A member unit or applicant institution: a hospital (grade, key specialties, departments) or a clinic
/// (category, floor area, lease, yearly inspections and revenues, credit record) (000 §4.3, 001 §9).
/// </summary>
public class MemberUnit
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public MemberUnitKind Kind { get; set; }

    /// <summary>Administrative code of the district, see <see cref="District"/>.</summary>
    public string DistrictId { get; set; } = string.Empty;

    public string? Address { get; set; }

    /// <summary>Whether the unit is a member of the Association (applicants for a review need not be).</summary>
    public bool IsMember { get; set; }

    public DateOnly? JoinedOn { get; set; }

    // --- hospitals ---

    /// <summary>Grade as the chair-unit rule needs it (001 §9(1)); null for clinics.</summary>
    public HospitalGrade? HospitalGrade { get; set; }

    /// <summary>The full grade as printed on the licence (e.g. 三级甲等, 二级乙等), for display.</summary>
    public string? GradeLabel { get; set; }

    /// <summary>A specialty hospital (专科医院) needs a key discipline to chair a branch (001 §9(1)).</summary>
    public bool IsSpecialtyHospital { get; set; }

    public int? Beds { get; set; }

    // --- clinics (000 §4.3) ---

    public ClinicCategory? ClinicCategory { get; set; }

    /// <summary>Whether the clinic is part of a chain (连锁) rather than an individual clinic (个体).</summary>
    public bool IsChain { get; set; }

    /// <summary>Floor area in m² (≥ 300 for office holders, 000 §4.3.1(2)).</summary>
    public decimal? FloorAreaSqm { get; set; }

    /// <summary>Term of the premises lease in years (≥ 5, 000 §4.3.1(2)).</summary>
    public decimal? LeaseYears { get; set; }

    /// <summary>Bad bank-credit record (银行征信不良记录, 000 §4.3.1(7)).</summary>
    public bool BadCreditRecord { get; set; }

    /// <summary>
    /// Date a medical-insurance agreement was ended for fraud; no new application for 3 years after it (004 §2.3.3).
    /// </summary>
    public DateOnly? InsuranceAgreementEndedForFraudOn { get; set; }

    public List<MemberUnitInspection> Inspections { get; set; } = [];

    public List<MemberUnitRevenue> Revenues { get; set; } = [];

    public List<MemberUnitKeySpecialty> KeySpecialties { get; set; } = [];

    public List<MemberUnitDepartment> Departments { get; set; } = [];

    /// <summary>
    /// How many of the most recent years up to <paramref name="lastYear"/> passed the annual inspection in a row
    /// (the office-holder input <c>inspectionPassedYears</c>); a missing year breaks the run.
    /// </summary>
    public int ConsecutiveInspectionsPassed(int lastYear)
    {
        var passed = Inspections.Where(i => i.Passed).Select(i => i.Year).ToHashSet();
        var count = 0;
        while (passed.Contains(lastYear - count))
        {
            count++;
        }

        return count;
    }

    /// <summary>Average revenue over the given years, counting a missing year as zero (000 §4.3.1(4)).</summary>
    public decimal AverageRevenue(int firstYear, int lastYear)
    {
        if (lastYear < firstYear)
        {
            throw new ArgumentOutOfRangeException(nameof(lastYear), "lastYear must not be before firstYear.");
        }

        var total = Revenues.Where(r => r.Year >= firstYear && r.Year <= lastYear).Sum(r => r.AmountCny);
        return total / (lastYear - firstYear + 1);
    }
}

/// <summary>Result of one year's annual inspection (年检); key (MemberUnitId, Year).</summary>
public class MemberUnitInspection
{
    public string MemberUnitId { get; set; } = string.Empty;

    public int Year { get; set; }

    public bool Passed { get; set; }
}

/// <summary>One year's revenue (营业额) in CNY; key (MemberUnitId, Year).</summary>
public class MemberUnitRevenue
{
    public string MemberUnitId { get; set; } = string.Empty;

    public int Year { get; set; }

    public decimal AmountCny { get; set; }
}

/// <summary>A key specialty or discipline a hospital holds; key (MemberUnitId, Name).</summary>
public class MemberUnitKeySpecialty
{
    public string MemberUnitId { get; set; } = string.Empty;

    /// <summary>Specialty name, e.g. 心血管内科.</summary>
    public string Name { get; set; } = string.Empty;

    public KeySpecialtyLevel Level { get; set; }
}

/// <summary>
/// A clinical department a unit runs, e.g. 内科 or 外科; counted for a second-level discipline branch
/// (≥ 35 units with the department, 001 §9(2)). Key (MemberUnitId, Name).
/// </summary>
public class MemberUnitDepartment
{
    public string MemberUnitId { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;
}
