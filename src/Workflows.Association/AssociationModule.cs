using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Association.Activities;
using Workflows.Association.Persistence;
using Workflows.Association.Rules;
using Workflows.Association.Scheduling;
using Workflows.Association.Seeding;
using Workflows.Engine.Activities;
using Workflows.Runtime.Hosting;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Persistence.Migrations;
using Workflows.Runtime.Scheduling;

namespace Workflows.Association;

/// <summary>Registers the Association's domain: its tables in the shared context, its schema step, its seeding and rules.</summary>
public static class AssociationModule
{
    public static IServiceCollection AddAssociation(this IServiceCollection services)
    {
        services.AddSingleton<IModelContributor, AssociationModelContributor>();
        services.AddSingleton<ISchemaMigration, M20261122_0040_AssociationInitial>();
        services.AddSingleton<ISchemaMigration, M20261122_0041_ProcessRecords>();
        services.AddSingleton<IStartupTask, AssociationSeedTask>();
        services.AddSingleton(sp =>
        {
            var folder = sp.GetRequiredService<IOptions<SeedOptions>>().Value.Folder;
            return folder is null ? RuleThresholds.Default : RuleThresholds.LoadOrDefault(Path.Combine(folder, "rule-thresholds.json"));
        });

        // The designer's toolbox and the validator read the same catalogue of IActivity registrations.
        foreach (var type in ActivityTypes)
        {
            services.AddSingleton(typeof(IActivity), type);
        }

        services.AddSingleton<IRunItemsProvider, ActiveBranchesRunItems>();
        return services;
    }

    /// <summary>The Association's activity types (type names "Association.*").</summary>
    public static IReadOnlyList<Type> ActivityTypes { get; } =
    [
        typeof(CheckOfficeHolderActivity), typeof(CheckBranchFoundingActivity), typeof(CheckActivityApplicationActivity), typeof(RecordBadPracticeActivity),
        typeof(RegisterFoundingApplicationActivity), typeof(SetFoundingStatusActivity), typeof(SelectChairActivity), typeof(RecordCouncilVoteActivity), typeof(ApproveFoundingActivity),
        typeof(LoadBranchActivity), typeof(NominatePartyBranchActivity), typeof(RecordPartyBranchAssessmentActivity), typeof(AppointPartyBranchActivity),
        typeof(OpenAssessmentActivity), typeof(RecordSelfAssessmentActivity), typeof(ScoreAssessmentActivity), typeof(ConfirmAssessmentGradeActivity),
        typeof(ApplyExcellentOutcomeActivity), typeof(OrderRectificationActivity), typeof(RecordRecheckActivity), typeof(AdjustBranchActivity),
        typeof(RegisterActivityApplicationActivity), typeof(DecideActivityApplicationActivity), typeof(RecordActivityReportsActivity), typeof(RecordViolationActivity),
        typeof(RegisterQualityReviewActivity), typeof(SetQualityReviewStatusActivity), typeof(DrawExpertPanelActivity), typeof(ScheduleOnSiteReviewActivity),
        typeof(RecordExpertScoresActivity), typeof(DecideQualityReviewActivity), typeof(RecordLeaderUnitTermActivity),
        typeof(RecordBranchEventActivity), typeof(RecordIntegrityPledgeActivity), typeof(NominateExpertActivity), typeof(SetExpertStatusActivity), typeof(AnnualReportDueActivity),
    ];
}

/// <summary>Public so that the EF design-time factories compose the same model as the service.</summary>
public sealed class AssociationModelContributor : IModelContributor
{
    public string Name => "association";

    public void Configure(ModelBuilder modelBuilder) => AssociationModel.Configure(modelBuilder);
}

/// <summary>Reference data (districts, roles) on every start; demo branches, units, people and experts when asked.</summary>
internal sealed class AssociationSeedTask(IOptions<SeedOptions> seedOptions, ILoggerFactory loggers) : IStartupTask
{
    public int Order => 100;

    public async Task RunAsync(IServiceProvider services, bool includeDemoData, CancellationToken cancellationToken)
    {
        var folder = seedOptions.Value.Folder;
        if (folder is null || !Directory.Exists(folder)) return;
        var db = services.GetRequiredService<WorkflowsDbContext>();
        var report = await new AssociationSeeder(db, folder, loggers.CreateLogger<AssociationSeeder>()).SeedAsync(includeDemoData, cancellationToken);
        db.ChangeTracker.Clear();
        loggers.CreateLogger<AssociationSeedTask>().LogInformation("Association seed data: {Inserted} inserted, {Updated} updated", report.Inserted, report.Updated);
    }
}
