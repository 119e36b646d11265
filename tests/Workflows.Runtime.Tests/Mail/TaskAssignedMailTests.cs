using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Mail.Outbox;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Tests.Support;
using Workflows.Testing;
using Workflows.Testing.MailDev;
using static Workflows.Testing.Wf;

namespace Workflows.Runtime.Tests.Mail;

/// <summary>A new task mails its assignees (or every holder of its role) through the outbox, to a real SMTP server.</summary>
public sealed class TaskAssignedMailTests
{
    [Fact]
    public async Task TaskForARole_EveryHolderGetsAChineseMailWithTheTaskLink()
    {
        await using var mail = await MailDevServer.StartNewAsync();
        using var folder = new TempFolder("mail");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), OutboxTestKit.Smtp(mail));
        var definition = Def("p4-mail", [Act("start", "Elsa.Start"), HumanTask("check", "秘书处形式审查")], [Conn("start", "check")]);
        definition.Json["name"] = "活动事前审批";
        await host.PublishAsync(definition);

        var started = await host.Services.GetRequiredService<WorkflowRuntime>().StartAsync(new StartWorkflowRequest { DefinitionId = "p4-mail" });
        var task = await host.QueryAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.InstanceId == started.InstanceId));
        var row = await host.QueryAsync(db => db.Outbox.AsNoTracking().SingleAsync(o => o.InstanceId == started.InstanceId));
        Assert.Equal(("taskAssigned", "[\"role:secretariat\"]"), (row.Template, row.ToJson));

        // mishu1 and mishu2 hold the secretariat role (seeds/demo-users.json).
        var messages = await mail.WaitForMessagesAsync(2, TimeSpan.FromSeconds(30));
        Assert.Equal(2, messages.Count);
        Assert.Equal(["mishu1@example.org", "mishu2@example.org"], messages.Select(m => m.To.Single().Address).Order());
        var toMishu1 = messages.Single(m => m.To.Single().Address == "mishu1@example.org");
        Assert.Equal("【待办】活动事前审批：秘书处形式审查", toMishu1.Subject);
        Assert.Contains("唐雨晴，您好", toMishu1.Text);
        Assert.Contains("您有一项新的待办事项，请及时办理。", toMishu1.Text);
        Assert.Contains($"https://workflow.example.org/inbox/tasks/{task.Id}", toMishu1.Html);
        Assert.Contains("立即办理", toMishu1.Html);
        Assert.Equal(row.Id, toMishu1.Headers["x-outbox-id"]);
        Assert.Equal(started.InstanceId, toMishu1.Headers["x-workflow-instance-id"]);
        // One Message-ID per recipient, stable and derived from the row's.
        Assert.Equal(2, messages.Select(m => m.MessageId).Distinct().Count());
        Assert.All(messages, m => Assert.StartsWith($"<{row.Id}.", m.MessageId));

        var sent = await OutboxTestKit.SettledAsync(host, row.Id, OutboxStatuses.Sent);
        Assert.Equal(1, sent.Attempts);
        var log = await host.DeliveriesAsync(row.Id);
        Assert.Equal(2, log.Count(d => d.Status == OutboxDeliveryStatuses.Sent));
        Assert.All(log, d => Assert.Equal("role:secretariat", d.Recipient));
        Assert.Equal(messages.Select(m => m.MessageId).Order(), log.Select(d => d.MessageId).Order());
    }

    [Fact]
    public async Task TaskForAnEnglishSpeakingAssignee_MailIsInEnglish()
    {
        await using var mail = await MailDevServer.StartNewAsync();
        using var folder = new TempFolder("mail");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), OutboxTestKit.Smtp(mail));
        await host.QueryAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "zhuanjia1");
            user.Culture = "en";
            return await db.SaveChangesAsync();
        });
        var review = HumanTask("score", "现场评审打分");
        review["assignee"] = Lit("zhuanjia1");
        var definition = Def("p5-mail", [Act("start", "Elsa.Start"), review], [Conn("start", "score")]);
        definition.Json["name"] = "医疗质量评审";
        await host.PublishAsync(definition);

        await host.Services.GetRequiredService<WorkflowRuntime>().StartAsync(new StartWorkflowRequest { DefinitionId = "p5-mail" });

        var message = (await mail.WaitForMessagesAsync(1, TimeSpan.FromSeconds(30))).Single();
        Assert.Equal("zhuanjia1@example.org", message.To.Single().Address);
        Assert.Equal("[To do] 医疗质量评审: 现场评审打分", message.Subject);
        Assert.Contains("A new task has been assigned to you", message.Text);
        Assert.Contains("https://workflow.example.org/inbox/tasks/", message.Html);
    }
}
