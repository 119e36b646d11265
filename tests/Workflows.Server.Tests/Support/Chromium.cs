using Microsoft.Playwright;
using Workflows.Testing;

namespace Workflows.Server.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download here). The flags keep it off the network, which
/// this machine does not have. Screenshots go to artifacts/screenshots/ in the repo.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static string ScreenshotFolder { get; } = Directory.CreateDirectory(RepoPaths.Combine("artifacts", "screenshots")).FullName;

    public static async Task<Chromium> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
            throw new InvalidOperationException($"Chromium not found at {executable}: run scripts/bootstrap.sh --test (installs Debian's chromium).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        return new Chromium(playwright, browser);
    }

    /// <summary>A fresh context (own cookies) with a Chinese locale and a desk-sized window.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public static async Task SignInAsync(IPage page, string userName, string password = "Passw0rd!")
    {
        await page.GotoAsync("/login");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-submit");
        // Signing in hashes the password at the production cost; on a busy 2-core machine (a full run) the redirect
        // once took longer than Playwright's default 30 s.
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new() { Timeout = 90_000 });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>The real service on a free port for browser tests (Chromium cannot reach the in-memory test server).</summary>
public class LiveServer : IAsyncLifetime
{
    /// <summary>The workflow definitions the service loads; a test fixture may point this at its own folder.</summary>
    protected virtual string WorkflowsFolder => RepoPaths.Combine("workflows");

    private readonly TempFolder _folder = new("live");

    public ServerProcess Server { get; private set; } = null!;
    public Uri BaseAddress => Server.BaseAddress;
    public string DatabaseFile => _folder.File("live.db");

    public async Task InitializeAsync()
    {
        Server = new ServerProcess(FreePort.Get(), new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__ConnectionString"] = $"Data Source={DatabaseFile}",
            ["Paths__Workflows"] = WorkflowsFolder,
            ["Paths__Seeds"] = RepoPaths.Combine("seeds"),
            ["Paths__Studio"] = RepoPaths.Combine("node_modules", "@elsa-workflows", "elsa-studio-wasm"),
            ["Paths__Data"] = _folder.File("data"),
            ["Paths__Logs"] = _folder.File("logs"),
            ["PasswordHasher__IterationCount"] = "1000",
            ["Auth__SignIn__PermitsPerAddress"] = "100000",
            ["Smtp__Enabled"] = "false",
        });
        await Server.StartAsync(TimeSpan.FromSeconds(120));
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
