namespace Workflows.Association.Rules;

/// <summary>Stable rule names; workflows, task forms and tests refer to rules by these.</summary>
public static class RuleNames
{
    // Office holders of clinic branches (000 §4.3).
    public const string LicensedPhysician = "officeHolder.licensedPhysician";
    public const string PracticeYears = "officeHolder.practiceYears";
    public const string ClinicArea = "officeHolder.clinicArea";
    public const string LeaseYears = "officeHolder.leaseYears";
    public const string Inspections = "officeHolder.inspections";
    public const string AverageRevenue = "officeHolder.averageRevenue";
    public const string BankCredit = "officeHolder.bankCredit";
    public const string IntegrityPledge = "officeHolder.integrityPledge";
    public const string TitleOrManagement = "officeHolder.titleOrManagement";
    public const string PartyMember = "officeHolder.partyMember";
    public const string ChairSeniority = "officeHolder.seniorTitleOrDivisionExperience";
    public const string DistrictRepresentative = "officeHolder.districtRepresentative";
    public const string ObeysRules = "officeHolder.obeysRules";
    public const string EthicsAndEnthusiasm = "officeHolder.ethicsAndEnthusiasm";
    public const string ChairConduct = "officeHolder.chairConduct";

    // Branch founding (P1).
    public const string BranchCap = "branch.cap";
    public const string FundingCommitment = "branch.fundingCommitment";
    public const string SecondLevelDisciplineUnits = "academicBranch.secondLevelDisciplineUnits";
    public const string ChairUnit = "academicBranch.chairUnit";
    public const string ChairPerson = "academicBranch.chairPerson";
    public const string ChairReputation = "academicBranch.chairReputation";
    public const string ClinicCategory = "clinicBranch.category";
    public const string ClinicCategoryUnique = "clinicBranch.uniqueCategory";
    public const string CommitteeSize = "clinicBranch.committeeSize";
    public const string DistrictCoverage = "clinicBranch.districtCoverage";
    public const string StandingPerDistrict = "clinicBranch.standingPerDistrict";
    public const string DistrictQuotas = "clinicBranch.districtQuotas";
    public const string PartyBuilding = "branch.partyBuilding";

    // Other processes.
    public const string ExpertTitle = "expert.title";
    public const string ExpertTitleYears = "expert.titleYears";
    public const string ExpertRenown = "expert.renown";
    public const string PanelConflictOfInterest = "panel.conflictOfInterest";
    public const string PanelExpertQualified = "panel.expertQualified";
    public const string PanelLeader = "panel.leader";
    public const string AssessmentTarget = "assessment.annualTarget";
    public const string AssessmentIdeology = "assessment.ideology";
    public const string AssessmentIntegrity = "assessment.partyConduct";
    public const string AssessmentConfirmation = "assessment.confirmation";
    public const string SponsorFeeExcellent = "sponsorFee.excellentYear";
    public const string SponsorFeeCap = "sponsorFee.cap";
    public const string BadPracticeWarning = "badPractice.warning";
    public const string InsuranceFraudBan = "insurance.fraudBan";
    public const string ActivityBranchActive = "activity.branchActive";
    public const string ActivityStartsInFuture = "activity.startsInFuture";
    public const string ActivityDates = "activity.dates";
    public const string ActivityBudget = "activity.budget";
    public const string CouncilMajority = "council.majorityOfPresent";
    public const string PartyBranchSize = "partyBranch.committeeSize";
    public const string PartyBranchAssessed = "partyBranch.allAssessedPassed";
    public const string PartyBranchSecretary = "partyBranch.secretary";
}
