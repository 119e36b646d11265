using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Workflows.Runtime.Hosting;
using Workflows.Testing;

namespace Workflows.Server.Tests.Support;

/// <summary>
/// The whole service in the test host: real HTTP pipeline, real SQLite file, the repo's seeds and the
/// workflows folder of the test's choosing (the repo's by default). One per test class.
/// </summary>
public class WorkflowsApp : WebApplicationFactory<Program>
{
    private readonly TempFolder _folder = new("app");

    public WorkflowsApp() : this(null) { }

    protected WorkflowsApp(string? workflowsFolder)
    {
        WorkflowsFolder = workflowsFolder ?? RepoPaths.Combine("workflows");
    }

    public string WorkflowsFolder { get; }
    public string DatabaseFile => _folder.File("app.db");
    public string LogsFolder => _folder.File("logs");
    public ManualTimeProvider? Clock { get; init; }
    public Dictionary<string, string?> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:ConnectionString", $"Data Source={DatabaseFile}");
        builder.UseSetting("Paths:Workflows", WorkflowsFolder);
        builder.UseSetting("Paths:Seeds", RepoPaths.Combine("seeds"));
        builder.UseSetting("Paths:Data", _folder.File("data"));
        builder.UseSetting("Paths:Logs", LogsFolder);
        builder.UseSetting("Smtp:Enabled", "false");
        // Hashing 23 demo passwords at the production cost takes seconds per test class.
        builder.UseSetting("PasswordHasher:IterationCount", "1000");
        builder.UseSetting("Runtime:CommandPollInterval", "00:00:00.100");
        // Test classes sign in dozens of times a minute from one address; the sign-in tests set their own limits.
        builder.UseSetting("Auth:SignIn:PermitsPerAddress", "100000");
        builder.UseSetting("Auth:SignIn:PermitsPerUser", "100000");
        // Tests that move a controlled clock by days keep their signed-in clients; token expiry has its own tests.
        if (Clock is not null)
        {
            builder.UseSetting("Auth:TokenLifetime", "3650.00:00:00");
            builder.UseSetting("Auth:CookieLifetime", "3650.00:00:00");
        }
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        if (Clock is not null)
            builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    /// <summary>A client once the service reports ready.</summary>
    public async Task<HttpClient> ClientAsync(string? userName = null)
    {
        var client = CreateClient();
        var gate = Services.GetRequiredService<StartupGate>();
        await gate.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        if (userName is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(client, userName));
        return client;
    }

    public static async Task<string> TokenAsync(HttpClient client, string userName, string password = "Passw0rd!")
    {
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (disposing) _folder.Dispose();
    }
}
