using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Engine.Model;
using Workflows.Engine.Services;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Tests.Support;
using Workflows.Testing.MailDev;

namespace Workflows.Runtime.Tests.Mail;

/// <summary>Outbox rows as bursts and the inbox write them, and settings pointing the service at a test SMTP server.</summary>
internal static class OutboxTestKit
{
    public static Dictionary<string, string?> Smtp(int port, string host = "127.0.0.1") => new()
    {
        ["Smtp:Enabled"] = "true",
        ["Smtp:Host"] = host,
        ["Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Scheduling:Enabled"] = "false",
    };

    public static Dictionary<string, string?> Smtp(MailDevServer mail) => Smtp(mail.SmtpPort, mail.SmtpHost);

    /// <summary>Writes an outbox row the way BurstUnitOfWork.EnqueueAsync does; returns its id.</summary>
    public static async Task<string> QueueAsync(ServiceHost host, IReadOnlyList<string> to, string? template = null, JsonObject? model = null,
        string? subject = null, string? body = null, IReadOnlyList<string>? cc = null, string? instanceId = null, string? modelJson = null,
        int attempts = 0, DateTime? nextAttemptAt = null)
    {
        var id = host.Services.GetRequiredService<IIdGenerator>().NewId();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        await host.QueryAsync(async db =>
        {
            db.Outbox.Add(new OutboxRecord
            {
                Id = id,
                MessageId = $"<{id}.test@workflows.local>",
                InstanceId = instanceId,
                IdempotencyKey = "test:" + id,
                ToJson = EngineJson.Write(new JsonArray(to.Select(t => (JsonNode?)t).ToArray())),
                CcJson = cc is null ? null : EngineJson.Write(new JsonArray(cc.Select(t => (JsonNode?)t).ToArray())),
                Subject = subject,
                Body = body,
                Template = template,
                ModelJson = modelJson ?? (model is null ? null : EngineJson.Write(model)),
                Status = OutboxStatuses.Pending,
                Attempts = attempts,
                NextAttemptAt = nextAttemptAt ?? now,
                CreatedAt = now,
            });
            return await db.SaveChangesAsync();
        });
        return id;
    }

    public static Task<OutboxRecord> RowAsync(ServiceHost host, string id) =>
        host.QueryAsync(db => db.Outbox.AsNoTracking().SingleAsync(o => o.Id == id));

    public static Task<OutboxRecord> SettledAsync(ServiceHost host, string id, string status, TimeSpan? timeout = null) =>
        ServiceHost.EventuallyAsync(() => RowAsync(host, id), r => r.Status == status, timeout ?? TimeSpan.FromSeconds(30), $"mail {id} to be {status}");

    public static JsonObject Reminder(string link = "/inbox/tasks/t1") => new()
    {
        ["processName"] = "三个责任制年度综合考核",
        ["taskTitle"] = "分会自评",
        ["dueDate"] = "2027-01-20T09:00:00+08:00",
        ["link"] = link,
    };
}
