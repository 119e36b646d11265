using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Association.Persistence;

namespace Workflows.Association.Tests;

public sealed class PersistenceTests : IDisposable
{
    private readonly SqliteTestDatabase database = new();

    public void Dispose() => database.Dispose();

    private static readonly DateTime At = new(2024, 5, 10, 1, 30, 0, DateTimeKind.Utc);

    private static void AddOneOfEach(TestDbContext db)
    {
        db.Add(new District { Id = "500103", Name = "渝中区", NameEn = "Yuzhong District", Kind = DistrictKind.District, SortOrder = 3 });
        db.Add(new AssociationRole { Id = AssociationRoles.Expert, Name = "专家", NameEn = "Expert", Description = "评审专家", DescriptionEn = "Reviewer", SortOrder = 7 });
        db.Add(new MemberUnit
        {
            Id = "u-hospital", Name = "重庆渝中仁济医院", Kind = MemberUnitKind.Hospital, DistrictId = "500103", IsMember = true,
            HospitalGrade = HospitalGrade.Tertiary, GradeLabel = "三级甲等", Beds = 800, JoinedOn = new DateOnly(2012, 3, 1),
            KeySpecialties = [new MemberUnitKeySpecialty { Name = "心血管内科", Level = KeySpecialtyLevel.Municipal }],
            Departments = [new MemberUnitDepartment { Name = "内科" }],
        });
        db.Add(new MemberUnit
        {
            Id = "u-clinic", Name = "重庆渝中杏林中医诊所", Kind = MemberUnitKind.Clinic, DistrictId = "500103", IsMember = true,
            ClinicCategory = ClinicCategory.Tcm, FloorAreaSqm = 320.5m, LeaseYears = 5, BadCreditRecord = false,
            InsuranceAgreementEndedForFraudOn = new DateOnly(2023, 6, 30),
            Inspections = [new MemberUnitInspection { Year = 2023, Passed = true }, new MemberUnitInspection { Year = 2024, Passed = true }],
            Revenues = [new MemberUnitRevenue { Year = 2021, AmountCny = 3_100_000.50m }],
        });
        db.Add(new Person
        {
            Id = "p-1", Name = "张宏伟", MemberUnitId = "u-hospital", Title = ProfessionalTitle.Senior, TitleName = "主任医师",
            TitleYear = 2012, PracticeStartYear = 1998, LicensedPhysician = true, PartyMember = true, Email = "zhuwei1@example.org", UserName = "zhuwei1",
        });
        db.Add(new Person { Id = "p-2", Name = "吴德明", MemberUnitId = "u-clinic", Title = ProfessionalTitle.Intermediate, PartyMember = false });
        db.Add(new Branch
        {
            Id = "b-1", Code = "cardiology", Name = "心血管内科分会", Kind = BranchKind.Academic, Discipline = "心血管内科",
            Status = BranchStatus.UnderRectification, ChairUnitId = "u-hospital", FoundedOn = new DateOnly(2015, 4, 18),
            SponsorFeeReductionPoints = 4, PublishedOnWebsite = true,
        });
        db.Add(new BranchOfficeHolder { Id = "h-1", BranchId = "b-1", PersonId = "p-1", Position = OfficePosition.ViceChair, MemberUnitId = "u-hospital", DistrictId = "500103", TermStart = new DateOnly(2021, 4, 18) });
        db.Add(new PartyBranch
        {
            Id = "pb-1", BranchId = "b-1", Name = "心血管内科分会特设党支部", SecretaryPersonId = "p-1", SecretaryIsBranchChair = true,
            Members = [new PartyBranchMember { Id = "pbm-1", PersonId = "p-1", Role = PartyBranchRole.Secretary, AssessmentPassed = true }],
        });
        db.Add(new Expert { Id = "e-1", PersonId = "p-1", Specialty = "心血管内科", Title = ProfessionalTitle.Senior, TitleYear = 2012, NominationSource = ExpertNominationSource.ExcellentBranch, Status = ExpertStatus.Active, NominatedByBranchId = "b-1" });
        db.Add(new Assessment { Id = "a-1", BranchId = "b-1", Year = 2023, Status = AssessmentStatus.Rectifying, ReviewScoreTarget = 55.5m, Grade = AssessmentGrade.Fail, AdjustmentDecision = AdjustmentDecision.ReplaceChair, ConfirmedAtUtc = At });
        db.Add(new ActivityApplication { Id = "act-1", BranchId = "b-1", Type = ActivityType.Sponsorship, Title = "2024 年学术年会招商", StartsAtUtc = At.AddDays(30), EndsAtUtc = At.AddDays(31), Budget = 120_000m, InvolvesFunds = true, Status = ActivityStatus.Submitted, SubmittedAtUtc = At });
        db.Add(new QualityReviewApplication { Id = "q-1", InstitutionId = "u-clinic", Kind = QualityReviewKind.Star, Status = QualityReviewStatus.PanelFormed, SubmittedAtUtc = At, Stars = 4 });
        db.Add(new ReviewPanel { Id = "rp-1", QualityReviewApplicationId = "q-1", FormedAtUtc = At, Members = [new PanelMember { Id = "pm-1", ExpertId = "e-1", IsLeader = true }] });
        db.Add(new ExpertScore { Id = "s-1", ReviewPanelId = "rp-1", ExpertId = "e-1", Criterion = "医疗质量安全核心制度", Score = 18.5m, MaxScore = 20, ScoredAtUtc = At });
        db.Add(new IntegrityPledge { Id = "ip-1", MemberUnitId = "u-clinic", SignedOn = new DateOnly(2023, 1, 5), SignatoryName = "吴德明", PublishedOnWebsite = true });
        db.Add(new BadPracticeRecord { Id = "bp-1", MemberUnitId = "u-clinic", OccurredOn = new DateOnly(2023, 9, 8), Points = 4, Description = "超范围开展输液治疗" });
        db.Add(new FoundingApplication
        {
            Id = "f-1", Kind = BranchKind.Clinic, ProposedName = "连锁（个体）西医诊所分会", ClinicCategory = ClinicCategory.Western,
            ProposedChairUnitId = "u-clinic", ProposedChairPersonId = "p-2", FundingCommitment = true, CommitteeSize = 130,
            DistrictsCovered = 38, StandingMembersPerDistrict = 1, Status = FoundingStatus.UnderReview, SubmittedAtUtc = At, CouncilMembersPresent = 25,
            ProposedOfficeHolders = [new FoundingOfficeHolder { Id = "fo-1", PersonId = "p-2", Position = OfficePosition.Chair, MemberUnitId = "u-clinic", DistrictId = "500103" }],
            Votes = [new FoundingVote { Id = "v-1", VoterUserName = "changwu1", Choice = VoteChoice.InFavour, CastAtUtc = At }],
        });
    }

    [Fact]
    public void Model_OnRealSqliteFile_StoresAndReadsBackOneOfEachEntity()
    {
        using (var db = database.CreateContext())
        {
            AddOneOfEach(db);
            Assert.Equal(27, db.ChangeTracker.Entries().Count());
            db.SaveChanges();
        }

        using var read = database.CreateContext();
        Assert.Equal("渝中区", read.Set<District>().Single().Name);
        Assert.Equal("Expert", read.Set<AssociationRole>().Single().NameEn);
        var clinic = read.Set<MemberUnit>().Include(u => u.Inspections).Include(u => u.Revenues).Single(u => u.Id == "u-clinic");
        Assert.Equal(ClinicCategory.Tcm, clinic.ClinicCategory);
        Assert.Equal(320.5m, clinic.FloorAreaSqm);
        Assert.Equal(2, clinic.ConsecutiveInspectionsPassed(2024));
        Assert.Equal(3_100_000.50m, clinic.Revenues.Single().AmountCny);
        Assert.Equal(new DateOnly(2023, 6, 30), clinic.InsuranceAgreementEndedForFraudOn);
        var hospital = read.Set<MemberUnit>().Include(u => u.KeySpecialties).Include(u => u.Departments).Single(u => u.Id == "u-hospital");
        Assert.Equal(KeySpecialtyLevel.Municipal, hospital.KeySpecialties.Single().Level);
        Assert.Equal("内科", hospital.Departments.Single().Name);
        Assert.Equal(ProfessionalTitle.Senior, read.Set<Person>().Single(p => p.UserName == "zhuwei1").Title);
        var branch = read.Set<Branch>().Single();
        Assert.Equal(BranchStatus.UnderRectification, branch.Status);
        Assert.Equal(4m, branch.SponsorFeeReductionPoints);
        Assert.Equal(OfficePosition.ViceChair, read.Set<BranchOfficeHolder>().Single().Position);
        Assert.Equal(PartyBranchRole.Secretary, read.Set<PartyBranch>().Include(p => p.Members).Single().Members.Single().Role);
        Assert.Equal(ExpertNominationSource.ExcellentBranch, read.Set<Expert>().Single().NominationSource);
        var assessment = read.Set<Assessment>().Single();
        Assert.Equal((AssessmentGrade.Fail, AdjustmentDecision.ReplaceChair, 55.5m), (assessment.Grade!.Value, assessment.AdjustmentDecision!.Value, assessment.ReviewScoreTarget!.Value));
        var activity = read.Set<ActivityApplication>().Single();
        Assert.Equal(ActivityType.Sponsorship, activity.Type);
        Assert.Equal(At.AddDays(30), activity.StartsAtUtc);
        Assert.Equal(DateTimeKind.Utc, activity.StartsAtUtc.Kind);
        Assert.Equal(QualityReviewKind.Star, read.Set<QualityReviewApplication>().Single().Kind);
        Assert.True(read.Set<ReviewPanel>().Include(p => p.Members).Single().Members.Single().IsLeader);
        Assert.Equal(18.5m, read.Set<ExpertScore>().Single().Score);
        Assert.Equal("吴德明", read.Set<IntegrityPledge>().Single().SignatoryName);
        Assert.Equal(4, read.Set<BadPracticeRecord>().Single().Points);
        var founding = read.Set<FoundingApplication>().Include(f => f.ProposedOfficeHolders).Include(f => f.Votes).Single();
        Assert.Equal(ClinicCategory.Western, founding.ClinicCategory);
        Assert.Equal(OfficePosition.Chair, founding.ProposedOfficeHolders.Single().Position);
        Assert.Equal(VoteChoice.InFavour, founding.Votes.Single().Choice);
    }

    [Fact]
    public void Model_Enums_StoredAsCamelCaseStrings()
    {
        using (var db = database.CreateContext())
        {
            AddOneOfEach(db);
            db.SaveChanges();
        }

        using var read = database.CreateContext();
        Assert.Equal("underRectification", read.Database.SqlQueryRaw<string>("SELECT \"Status\" AS \"Value\" FROM assoc_branches").Single());
        Assert.Equal("viceChair", read.Database.SqlQueryRaw<string>("SELECT \"Position\" AS \"Value\" FROM assoc_branch_office_holders").Single());
        Assert.Equal("tcm", read.Database.SqlQueryRaw<string>("SELECT \"ClinicCategory\" AS \"Value\" FROM assoc_member_units WHERE \"Id\" = 'u-clinic'").Single());
    }

    [Fact]
    public void Model_FilterByEnum_TranslatesToStoredString()
    {
        using (var db = database.CreateContext())
        {
            AddOneOfEach(db);
            db.SaveChanges();
        }

        using var read = database.CreateContext();
        Assert.Equal(1, read.Set<Branch>().Count(b => b.Status == BranchStatus.UnderRectification));
        Assert.Equal(0, read.Set<Branch>().Count(b => b.Status == BranchStatus.Active));
    }

    [Fact]
    public void Model_DuplicateAssessmentForBranchAndYear_Rejected()
    {
        using var db = database.CreateContext();
        AddOneOfEach(db);
        db.SaveChanges();
        db.Add(new Assessment { Id = "a-2", BranchId = "b-1", Year = 2023, Status = AssessmentStatus.Opened });

        Assert.Throws<DbUpdateException>(() => db.SaveChanges());
    }

    [Fact]
    public void Model_EveryTable_PrefixedAssoc()
    {
        using var db = database.CreateContext();

        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()!).ToArray();

        Assert.Equal(28, tables.Length); // 24 of the initial model, 4 process records (0041)
        Assert.All(tables, t => Assert.StartsWith("assoc_", t, StringComparison.Ordinal));
        Assert.Equal(tables.Order(StringComparer.Ordinal), AssociationModel.TableNames(db.Model));
    }

    [Fact]
    public void Model_EveryStringColumn_HasMaxLength()
    {
        using var db = database.CreateContext();

        var unbounded = db.Model.GetEntityTypes()
            .SelectMany(e => e.GetProperties().Select(p => (Entity: e.ClrType.Name, Property: p)))
            .Where(x => x.Property.GetProviderClrType() == typeof(string) || (x.Property.ClrType == typeof(string) && x.Property.GetValueConverter() is null))
            .Where(x => x.Property.GetMaxLength() is null)
            .Select(x => $"{x.Entity}.{x.Property.Name}")
            .ToArray();

        Assert.Empty(unbounded);
    }

    private sealed class PostgresContext(DbContextOptions<PostgresContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => AssociationModel.Configure(modelBuilder);
    }

    [Fact]
    public void Model_OnPostgres_CreateScriptUsesPortableTypes()
    {
        // No server needed: the script shows how every column maps on PostgreSQL.
        using var db = new PostgresContext(new DbContextOptionsBuilder<PostgresContext>().UseNpgsql("Host=localhost;Database=none").Options);

        var script = db.Database.GenerateCreateScript();

        Assert.Contains("CREATE TABLE assoc_branches", script, StringComparison.Ordinal);
        Assert.Contains("\"StartsAtUtc\" timestamp with time zone NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("\"Status\" character varying(32) NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("\"FoundedOn\" date", script, StringComparison.Ordinal);
        Assert.Contains("\"AmountCny\" numeric(18,2) NOT NULL", script, StringComparison.Ordinal);
        Assert.DoesNotContain(" text", script, StringComparison.Ordinal);
        Assert.DoesNotContain("jsonb", script, StringComparison.Ordinal);
    }
}
