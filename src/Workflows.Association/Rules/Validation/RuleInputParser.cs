using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Association.Domain;

namespace Workflows.Association.Rules.Validation;

/// <summary>
/// Turns request JSON into the rule inputs, reporting every bad field with its path and a Chinese message
/// (English beside it), so the HTTP layer can answer 400 with one message per field.
/// </summary>
public static class RuleInputParser
{
    /// <summary>
    /// <c>{position, candidate:{licensedPhysician, practiceYears, clinicAreaSqm, leaseYears, inspectionPassedYears,
    /// avgRevenue2019To2021, badCreditRecord, signedIntegrityPledge, title, richManagementExperience, partyMember,
    /// divisionLevelHealthAdminExperience}}</c>. Title and party membership are required above member, where
    /// rules use them; the two experience flags may be left out (false).
    /// </summary>
    public static InputParseResult<OfficeHolderCheckInput> ParseOfficeHolder(JsonNode? body)
    {
        var r = new JsonFieldReader();
        var root = r.Root(body);
        if (root is null)
        {
            return new InputParseResult<OfficeHolderCheckInput>(null, r.Errors);
        }

        var position = r.Enum<OfficePosition>(root, string.Empty, "position", required: true);
        var candidate = r.Object(root, string.Empty, "candidate", required: true);
        if (candidate is null)
        {
            return new InputParseResult<OfficeHolderCheckInput>(null, r.Errors);
        }

        const string p = "candidate";

        // Until the position is known, ask for everything a senior position needs rather than guess.
        var senior = position != OfficePosition.Member;
        var parsed = new OfficeHolderCandidate
        {
            LicensedPhysician = r.Bool(candidate, p, "licensedPhysician", required: true) ?? false,
            PracticeYears = r.Number(candidate, p, "practiceYears", required: true) ?? 0,
            ClinicAreaSqm = r.Number(candidate, p, "clinicAreaSqm", required: true) ?? 0,
            LeaseYears = r.Number(candidate, p, "leaseYears", required: true) ?? 0,
            InspectionPassedYears = r.Integer(candidate, p, "inspectionPassedYears", required: true) ?? 0,
            AvgRevenue2019To2021 = r.Number(candidate, p, "avgRevenue2019To2021", required: true) ?? 0,
            BadCreditRecord = r.Bool(candidate, p, "badCreditRecord", required: true) ?? false,
            SignedIntegrityPledge = r.Bool(candidate, p, "signedIntegrityPledge", required: true) ?? false,
            Title = r.Enum<ProfessionalTitle>(candidate, p, "title", required: senior) ?? ProfessionalTitle.None,
            RichManagementExperience = r.Bool(candidate, p, "richManagementExperience", required: false) ?? false,
            PartyMember = r.Bool(candidate, p, "partyMember", required: senior) ?? false,
            DivisionLevelHealthAdminExperience = r.Bool(candidate, p, "divisionLevelHealthAdminExperience", required: false) ?? false,
        };

        return new InputParseResult<OfficeHolderCheckInput>(
            position is { } pos ? new OfficeHolderCheckInput(pos, parsed) : null, r.Errors);
    }

    public static InputParseResult<OfficeHolderCheckInput> ParseOfficeHolder(JsonElement body) => ParseOfficeHolder(ToNode(body));

    /// <summary>
    /// <c>{kind, clinicCategory, secondLevelDiscipline, unitsWithDepartment, chairUnit:{grade, specialtyHospital,
    /// keyDiscipline, municipalKeySpecialty, regionalKeyDiscipline}, chairPerson:{title, professor, supervisor},
    /// fundingCommitment, committee:{size, districtsCovered, standingMembersPerDistrict}}</c>.
    /// Required by kind: clinic needs clinicCategory and committee; academic needs chairUnit and chairPerson,
    /// and unitsWithDepartment when secondLevelDiscipline is true. Fields of the other kind are ignored.
    /// </summary>
    public static InputParseResult<BranchFoundingInput> ParseBranchFounding(JsonNode? body, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var r = new JsonFieldReader();
        var root = r.Root(body);
        if (root is null)
        {
            return new InputParseResult<BranchFoundingInput>(null, r.Errors);
        }

        const string p = "";
        var kind = r.Enum<BranchKind>(root, p, "kind", required: true);
        var funding = r.Bool(root, p, "fundingCommitment", required: true) ?? false;
        var input = new BranchFoundingInput { Kind = kind ?? BranchKind.Academic, FundingCommitment = funding };

        if (kind == BranchKind.Clinic)
        {
            var category = r.Enum<ClinicCategory>(root, p, "clinicCategory", required: true);
            var committee = r.Object(root, p, "committee", required: true);
            CommitteeInfo? committeeInfo = null;
            if (committee is not null)
            {
                const string c = "committee";
                committeeInfo = new CommitteeInfo
                {
                    Size = r.Integer(committee, c, "size", required: true) ?? 0,
                    DistrictsCovered = r.Integer(committee, c, "districtsCovered", required: true, max: thresholds.DistrictCount) ?? 0,
                    StandingMembersPerDistrict = r.Integer(committee, c, "standingMembersPerDistrict", required: true) ?? 0,
                };
            }

            input = input with { ClinicCategory = category, Committee = committeeInfo };
        }
        else if (kind == BranchKind.Academic)
        {
            var secondLevel = r.Bool(root, p, "secondLevelDiscipline", required: false) ?? false;
            var units = r.Integer(root, p, "unitsWithDepartment", required: secondLevel);

            ChairUnitInfo? unitInfo = null;
            if (r.Object(root, p, "chairUnit", required: true) is { } unit)
            {
                const string u = "chairUnit";
                unitInfo = new ChairUnitInfo
                {
                    Grade = r.Enum<HospitalGrade>(unit, u, "grade", required: true) ?? HospitalGrade.Other,
                    SpecialtyHospital = r.Bool(unit, u, "specialtyHospital", required: false) ?? false,
                    KeyDiscipline = r.Bool(unit, u, "keyDiscipline", required: false) ?? false,
                    MunicipalKeySpecialty = r.Bool(unit, u, "municipalKeySpecialty", required: false) ?? false,
                    RegionalKeyDiscipline = r.Bool(unit, u, "regionalKeyDiscipline", required: false) ?? false,
                };
            }

            ChairPersonInfo? personInfo = null;
            if (r.Object(root, p, "chairPerson", required: true) is { } person)
            {
                const string c = "chairPerson";
                personInfo = new ChairPersonInfo
                {
                    Title = r.Enum<ProfessionalTitle>(person, c, "title", required: true) ?? ProfessionalTitle.None,
                    Professor = r.Bool(person, c, "professor", required: false) ?? false,
                    Supervisor = r.Bool(person, c, "supervisor", required: false) ?? false,
                };
            }

            input = input with
            {
                SecondLevelDiscipline = secondLevel,
                UnitsWithDepartment = units,
                ChairUnit = unitInfo,
                ChairPerson = personInfo,
            };
        }

        return new InputParseResult<BranchFoundingInput>(kind is null ? null : input, r.Errors);
    }

    public static InputParseResult<BranchFoundingInput> ParseBranchFounding(JsonElement body, RuleThresholds thresholds) =>
        ParseBranchFounding(ToNode(body), thresholds);

    private static JsonNode? ToNode(JsonElement element) =>
        element.ValueKind == JsonValueKind.Undefined ? null : JsonNode.Parse(element.GetRawText());
}
