using System.Text.Json.Nodes;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Api;

/// <summary>Serilog's request logging: one compact-JSON event per request in the rolling file, with the correlation id.</summary>
public sealed class RequestLoggingTests : IClassFixture<WorkflowsApp>
{
    private readonly WorkflowsApp app;

    public RequestLoggingTests(WorkflowsApp app) => this.app = app;

    [Fact]
    public async Task Request_WritesOneRequestEventWithTheCallersCorrelationIdToTheJsonFile()
    {
        using var client = await app.ClientAsync("mishu1");
        var correlationId = "test-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tasks");
        request.Headers.Add("X-Correlation-Id", correlationId);

        using var response = await client.SendAsync(request);

        Assert.Equal(correlationId, response.Headers.GetValues("X-Correlation-Id").Single());
        var events = await EventuallyAsync(() => RequestEvents(correlationId), e => e.Count > 0);
        var logged = Assert.Single(events);
        Assert.Equal("GET", logged["RequestMethod"]?.GetValue<string>());
        Assert.Equal("/api/tasks", logged["RequestPath"]?.GetValue<string>());
        Assert.Equal((int)response.StatusCode, logged["StatusCode"]?.GetValue<int>());
        Assert.Equal("mishu1", logged["UserName"]?.GetValue<string>());
        // Compact JSON (CLEF): the template under @mt, the time under @t.
        Assert.StartsWith("HTTP {RequestMethod} {RequestPath} answered {StatusCode}", logged["@mt"]?.GetValue<string>());
        Assert.NotNull(logged["@t"]);
    }

    [Fact]
    public async Task Request_WithAnUnsafeCorrelationId_GetsItsOwnInstead()
    {
        using var client = await app.ClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", "forged\" id {Level}");

        using var response = await client.SendAsync(request);

        var answered = response.Headers.GetValues("X-Correlation-Id").Single();
        Assert.NotEqual("forged\" id {Level}", answered);
        Assert.False(string.IsNullOrWhiteSpace(answered));
    }

    private List<JsonObject> RequestEvents(string correlationId)
    {
        var events = new List<JsonObject>();
        if (!Directory.Exists(app.LogsFolder)) return events;
        foreach (var file in Directory.GetFiles(app.LogsFolder, "workflows-*.json"))
        {
            // The sink keeps the file open; share it for reading.
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0) continue;
                var json = JsonNode.Parse(line)!.AsObject();
                if (json["CorrelationId"]?.GetValue<string>() == correlationId && json["RequestPath"] is not null && json["@mt"]?.GetValue<string>()?.StartsWith("HTTP ", StringComparison.Ordinal) == true)
                    events.Add(json);
            }
        }
        return events;
    }

    private static async Task<T> EventuallyAsync<T>(Func<T> probe, Func<T, bool> done)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var value = probe();
            if (done(value) || waited.Elapsed > TimeSpan.FromSeconds(10)) return value;
            await Task.Delay(100);
        }
    }
}
