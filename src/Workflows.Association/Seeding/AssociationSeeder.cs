using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Association.Domain;

namespace Workflows.Association.Seeding;

/// <summary>What one table got from a seeding run.</summary>
public sealed record SeedCount(int Inserted, int Updated, int Unchanged);

public sealed record SeedReport(IReadOnlyDictionary<string, SeedCount> Files)
{
    public int Inserted => Files.Values.Sum(c => c.Inserted);

    public int Updated => Files.Values.Sum(c => c.Updated);

    /// <summary>False when the run changed nothing (the second of two runs).</summary>
    public bool Changed => Inserted + Updated > 0;
}

/// <summary>
/// Seeds the Association's tables from the seeds folder through any DbContext whose model includes
/// <see cref="Persistence.AssociationModel"/> (only <c>Set&lt;T&gt;()</c> is used).
/// <list type="bullet">
/// <item>Reference data (districts, roles) is upserted on every start: the files are the source of truth,
/// so a corrected district name reaches every installation.</item>
/// <item>Demo data only when asked, and insert-only: rows already there (by id) are left alone, with their
/// children, so what users changed while trying the system survives a restart.</item>
/// </list>
/// Running it twice changes nothing. Use a fresh context (e.g. a scope at start-up): on a unique-key clash
/// with another node seeding at the same moment, it clears the change tracker and runs once more.
/// </summary>
public sealed partial class AssociationSeeder
{
    private readonly DbContext db;
    private readonly string seedsDirectory;
    private readonly ILogger logger;

    public AssociationSeeder(DbContext db, string seedsDirectory, ILogger<AssociationSeeder>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(seedsDirectory);
        this.db = db;
        this.seedsDirectory = seedsDirectory;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public async Task<SeedReport> SeedAsync(bool includeDemo, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(seedsDirectory))
        {
            throw new DirectoryNotFoundException($"Seeds folder not found: {seedsDirectory}");
        }

        try
        {
            return await RunInTransactionAsync(includeDemo, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex)
        {
            // Another node may have inserted the same rows first; the second attempt sees them and skips.
            LogRetry(logger, ex);
            db.ChangeTracker.Clear();
            return await RunInTransactionAsync(includeDemo, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<SeedReport> RunInTransactionAsync(bool includeDemo, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(
            async ct =>
            {
                var owns = db.Database.CurrentTransaction is null;
                var transaction = owns ? await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false) : null;
                try
                {
                    var report = await SeedCoreAsync(includeDemo, ct).ConfigureAwait(false);
                    if (transaction is not null)
                    {
                        await transaction.CommitAsync(ct).ConfigureAwait(false);
                    }

                    return report;
                }
                finally
                {
                    if (transaction is not null)
                    {
                        await transaction.DisposeAsync().ConfigureAwait(false);
                    }
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<SeedReport> SeedCoreAsync(bool includeDemo, CancellationToken ct)
    {
        var counts = new Dictionary<string, SeedCount>(StringComparer.Ordinal)
        {
            [SeedFiles.Districts] = await UpsertAsync(SeedFiles.ReadDistricts(seedsDirectory), d => d.Id, ct).ConfigureAwait(false),
            [SeedFiles.Roles] = await UpsertAsync(SeedFiles.ReadRoles(seedsDirectory), r => r.Id, ct).ConfigureAwait(false),
        };

        if (includeDemo)
        {
            var demo = Path.Combine(seedsDirectory, SeedFiles.DemoFolder);
            counts["demo/member-units.json"] = await InsertMissingAsync<MemberUnit>(demo, "member-units.json", u => u.Id, ct).ConfigureAwait(false);
            counts["demo/people.json"] = await InsertMissingAsync<Person>(demo, "people.json", p => p.Id, ct).ConfigureAwait(false);
            counts["demo/branches.json"] = await InsertMissingAsync<Branch>(demo, "branches.json", b => b.Id, ct).ConfigureAwait(false);
            counts["demo/office-holders.json"] = await InsertMissingAsync<BranchOfficeHolder>(demo, "office-holders.json", h => h.Id, ct).ConfigureAwait(false);
            counts["demo/experts.json"] = await InsertMissingAsync<Expert>(demo, "experts.json", e => e.Id, ct).ConfigureAwait(false);
            counts["demo/party-branches.json"] = await InsertMissingAsync<PartyBranch>(demo, "party-branches.json", p => p.Id, ct).ConfigureAwait(false);
            counts["demo/assessments.json"] = await InsertMissingAsync<Assessment>(demo, "assessments.json", a => a.Id, ct).ConfigureAwait(false);
            counts["demo/integrity-pledges.json"] = await InsertMissingAsync<IntegrityPledge>(demo, "integrity-pledges.json", p => p.Id, ct).ConfigureAwait(false);
            counts["demo/bad-practice-records.json"] = await InsertMissingAsync<BadPracticeRecord>(demo, "bad-practice-records.json", r => r.Id, ct).ConfigureAwait(false);
            counts[SeedFiles.DemoUsers] = await LinkUsersAsync(ct).ConfigureAwait(false);
        }

        var report = new SeedReport(counts);
        LogSeeded(logger, report.Inserted, report.Updated, includeDemo);
        return report;
    }

    /// <summary>Inserts new rows and updates changed ones; rows missing from the file are kept (they may be referenced).</summary>
    private async Task<SeedCount> UpsertAsync<T>(IReadOnlyList<T> items, Func<T, string> key, CancellationToken ct)
        where T : class
    {
        var set = db.Set<T>();
        var existing = (await set.ToListAsync(ct).ConfigureAwait(false)).ToDictionary(key, StringComparer.Ordinal);
        int inserted = 0, updated = 0, unchanged = 0;
        foreach (var item in items)
        {
            if (!existing.TryGetValue(key(item), out var current))
            {
                set.Add(item);
                inserted++;
                continue;
            }

            // SetValues marks only the properties whose values differ as modified.
            var entry = db.Entry(current);
            entry.CurrentValues.SetValues(item);
            if (entry.State == EntityState.Modified)
            {
                updated++;
            }
            else
            {
                unchanged++;
            }
        }

        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return new SeedCount(inserted, updated, unchanged);
    }

    private async Task<SeedCount> InsertMissingAsync<T>(string folder, string file, Func<T, string> key, CancellationToken ct)
        where T : class
    {
        var items = SeedFiles.Read<T>(Path.Combine(folder, file));
        var set = db.Set<T>();
        var existing = (await set.AsNoTracking().Select(e => EF.Property<string>(e, "Id")).ToListAsync(ct).ConfigureAwait(false))
            .ToHashSet(StringComparer.Ordinal);
        var missing = items.Where(i => !existing.Contains(key(i))).ToList();
        set.AddRange(missing);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return new SeedCount(missing.Count, 0, items.Count - missing.Count);
    }

    /// <summary>
    /// Links each demo user to the register's person they are (<c>personId</c> in demo-users.json): the person's
    /// <see cref="Person.UserName"/> is set, and taken from any other person who had it. Unlike the insert-only demo
    /// rows this is brought in line on every run, so a database seeded before the link existed gets it, and a
    /// re-seed keeps it; a second run changes nothing.
    /// </summary>
    private async Task<SeedCount> LinkUsersAsync(CancellationToken ct)
    {
        var file = Path.Combine(seedsDirectory, SeedFiles.DemoUsers);
        if (!File.Exists(file))
        {
            return new SeedCount(0, 0, 0);
        }

        int updated = 0, unchanged = 0;
        foreach (var user in SeedFiles.ReadDemoUsers(seedsDirectory).Where(u => !string.IsNullOrEmpty(u.PersonId)))
        {
            var person = await db.Set<Person>().FirstOrDefaultAsync(p => p.Id == user.PersonId, ct).ConfigureAwait(false);
            if (person is null || person.UserName == user.UserName)
            {
                unchanged++;
                continue;
            }

            // The user name is unique among people: free it first, in its own save, so the index never sees it twice.
            foreach (var other in await db.Set<Person>().Where(p => p.UserName == user.UserName).ToListAsync(ct).ConfigureAwait(false))
            {
                other.UserName = null;
            }

            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            person.UserName = user.UserName;
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            updated++;
        }

        return new SeedCount(0, updated, unchanged);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Association seed data: {Inserted} inserted, {Updated} updated (demo {IncludeDemo})")]
    private static partial void LogSeeded(ILogger logger, int inserted, int updated, bool includeDemo);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Association seeding clashed with a concurrent insert; retrying once")]
    private static partial void LogRetry(ILogger logger, Exception exception);
}
