using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Tests.Support;

namespace Workflows.Runtime.Tests.Inbox;

/// <summary>The to-do query and TaskAccess.Rights are one rule written twice; this checks they agree on every kind of task.</summary>
public class TaskAccessTests
{
    private static readonly Actor[] Actors =
    [
        new("chengyuan1", ["leadershipGroupMember"]),
        new("chengyuan2", ["leadershipGroupMember"]),
        new("mishu1", ["secretariat"]),
        new("dangwei1", ["partyCommittee"]),
        new("huiyuan1", ["memberUnit"]),
    ];

    private static TaskRecord Task(string id, string assignees = "[]", string? assignee = null, string? role = null, string status = TaskStatuses.Open, string? countersign = null) => new()
    {
        Id = id, InstanceId = "i-" + id, BookmarkId = "b-" + id, ActivityId = "a", ActivityNodeId = "f:a", Title = id,
        AssigneesJson = assignees, Assignee = assignee, CandidateRole = role, OutcomesJson = "[\"Approve\",\"Reject\"]", Status = status,
        CountersignJson = countersign, InitiatedBy = "huiyuan1", CreatedAt = RuntimeTestHost.Epoch.UtcDateTime,
    };

    [Fact]
    public async Task ToDo_ListsExactlyTheOpenTasksTheRulesLetEachPersonDecideOrResolve()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await host.QueryAsync(async db =>
        {
            db.Tasks.AddRange(
                Task("role-pool", role: "leadershipGroupMember"),
                Task("role-claimed", assignee: "chengyuan2", role: "leadershipGroupMember"),
                Task("single", "[\"mishu1\"]", "mishu1"),
                Task("multi", "[\"chengyuan1\",\"dangwei1\"]"),
                Task("multi-claimed", "[\"chengyuan1\",\"dangwei1\"]", "dangwei1"),
                Task("done", "[\"mishu1\"]", "mishu1", status: TaskStatuses.Completed),
                Task("withdrawn", role: "leadershipGroupMember", status: TaskStatuses.Withdrawn),
                Task("countersign", "[\"chengyuan1\",\"chengyuan2\",\"dangwei1\"]", role: "leadershipGroupMember", countersign: "{\"mode\":\"all\",\"order\":\"sequential\"}"));
            var delegated = Task("delegated", "[\"mishu1\"]", "chengyuan2");
            (delegated.Owner, delegated.DelegationState) = ("mishu1", DelegationStates.Pending);
            db.Tasks.Add(delegated);
            db.Candidates().AddRange(
                new CandidateRecord { TaskId = "multi", UserName = "chengyuan1" }, new CandidateRecord { TaskId = "multi", UserName = "dangwei1" },
                new CandidateRecord { TaskId = "multi-claimed", UserName = "chengyuan1" }, new CandidateRecord { TaskId = "multi-claimed", UserName = "dangwei1" });
            db.Signers().AddRange(
                new SignerRecord { Id = "s1", TaskId = "countersign", InstanceId = "i-countersign", UserName = "chengyuan1", Sequence = 1, Status = SignerStatuses.Signed, Decision = "Approve" },
                new SignerRecord { Id = "s2", TaskId = "countersign", InstanceId = "i-countersign", UserName = "chengyuan2", Sequence = 2, Status = SignerStatuses.Pending },
                new SignerRecord { Id = "s3", TaskId = "countersign", InstanceId = "i-countersign", UserName = "dangwei1", Sequence = 3, Status = SignerStatuses.Waiting });
            return await db.SaveChangesAsync();
        });

        var expected = new Dictionary<string, string[]>
        {
            ["chengyuan1"] = ["multi", "role-pool"],
            ["chengyuan2"] = ["countersign", "delegated", "role-claimed", "role-pool"],
            ["mishu1"] = ["single"],
            ["dangwei1"] = ["multi", "multi-claimed"],
            ["huiyuan1"] = [],
        };
        foreach (var actor in Actors)
        {
            var listed = await host.QueryAsync(db => TaskAccess.ToDo(db, actor).Select(t => t.Id).OrderBy(t => t).ToListAsync());
            var allowed = new List<string>();
            foreach (var id in await host.QueryAsync(db => db.Tasks.Select(t => t.Id).ToListAsync()))
            {
                var context = await host.QueryAsync(db => TaskContext.LoadAsync(db, id, actor, tracking: false, CancellationToken.None));
                var rights = TaskAccess.Rights(context!, actor);
                if (rights.Can(TaskRights.Complete) || rights.Can(TaskRights.Resolve)) allowed.Add(id);
            }

            Assert.Equal(expected[actor.UserName], listed);
            Assert.Equal(listed, allowed.Order(StringComparer.Ordinal).ToList());
        }
    }

    [Fact]
    public async Task Rights_ClaimedRoleTask_ColleaguesMayLookButNotAct_StrangersSeeNothing()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await host.QueryAsync(async db =>
        {
            db.Tasks.Add(Task("claimed", assignee: "chengyuan2", role: "leadershipGroupMember"));
            return await db.SaveChangesAsync();
        });

        var colleague = await host.QueryAsync(db => TaskContext.LoadAsync(db, "claimed", Actors[0], false, CancellationToken.None));
        var stranger = await host.QueryAsync(db => TaskContext.LoadAsync(db, "claimed", Actors[3], false, CancellationToken.None));

        Assert.Equal(TaskRights.View, TaskAccess.Rights(colleague!, Actors[0]));
        Assert.Equal(TaskRights.None, TaskAccess.Rights(stranger!, Actors[3]));
    }
}
