using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Workflows.Testing.MailDev;

/// <summary>
/// A real maildev SMTP server (the version pinned in the repository's package.json) run as a child process
/// for one test or fixture, with SMTP and web API bound to 127.0.0.1 on free ports.
/// </summary>
/// <remarks>
/// <para>Each instance stores its messages in its own temporary folder (<c>--mail-directory</c>). That matters:
/// without it every maildev on the machine writes to the same <c>$TMP/maildev</c> folder and
/// <see cref="DeleteAllAsync"/> would wipe the messages of servers run by other tests. It also means messages
/// received before <see cref="StopAsync"/> are still listed after <see cref="StartAsync"/>, so a test can count
/// deliveries across an outage.</para>
/// <para>Usage: <c>await using var mail = await MailDevServer.StartNewAsync();</c> then point an SMTP client at
/// 127.0.0.1:<see cref="SmtpPort"/> and read what arrived with <see cref="WaitForMessagesAsync"/>.</para>
/// </remarks>
public sealed class MailDevServer : IAsyncDisposable
{
    private const string Loopback = "127.0.0.1";
    private const int MaxOutputLines = 200;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    // Safety net for a test run that ends without disposing a server: kill the children when the test host exits.
    private static readonly ConcurrentDictionary<MailDevServer, byte> LiveServers = new();
    private static int processExitHooked;

    private readonly string nodeExecutable;
    private readonly string entryScript;
    private readonly ConcurrentQueue<string> output = new();
    private readonly SemaphoreSlim gate = new(1, 1);
    private Process? process;
    private HttpClient? http;
    private bool disposed;

    private MailDevServer(string nodeExecutable, string entryScript, int smtpPort, int webPort)
    {
        this.nodeExecutable = nodeExecutable;
        this.entryScript = entryScript;
        SmtpPort = smtpPort;
        WebPort = webPort;
        MailDirectory = Path.Combine(Path.GetTempPath(), "workflows-maildev", Guid.NewGuid().ToString("N"));
    }

    /// <summary>The SMTP port on 127.0.0.1; it stays the same across <see cref="StopAsync"/> and <see cref="StartAsync"/>.</summary>
    public int SmtpPort { get; }

    /// <summary>The port of maildev's web page and REST API on 127.0.0.1.</summary>
    public int WebPort { get; }

    /// <summary>The SMTP host to use: the loopback address (maildev is not reachable from elsewhere).</summary>
    public string SmtpHost => Loopback;

    /// <summary>The web page (open it in a browser to look at the messages while debugging).</summary>
    public Uri WebUri => new($"http://{Loopback}:{WebPort}/");

    /// <summary>The folder this instance keeps its messages in; deleted on dispose.</summary>
    public string MailDirectory { get; }

    /// <summary>Whether the maildev process is running.</summary>
    public bool IsRunning => process is { HasExited: false };

    /// <summary>The last lines maildev wrote to stdout and stderr, for diagnosing a failed start.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, output);

    /// <summary>Creates a server on two free ports and starts it.</summary>
    /// <exception cref="InvalidOperationException">maildev is not installed (run <c>npm ci</c> at the repository root), node is missing, or maildev did not come up.</exception>
    public static Task<MailDevServer> StartNewAsync(CancellationToken cancellationToken = default) =>
        StartNewAsync(RepoPaths.NodeModules, cancellationToken);

    /// <summary>Creates a server from the maildev installed under <paramref name="nodeModulesDirectory"/> and starts it.</summary>
    /// <exception cref="InvalidOperationException">maildev is not installed there (run <c>npm ci</c> at the repository root), node is missing, or maildev did not come up.</exception>
    public static async Task<MailDevServer> StartNewAsync(string nodeModulesDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeModulesDirectory);
        var entry = LocateEntryScript(nodeModulesDirectory);
        var node = LocateNode();

        // A free port can be taken by another process between FreePort.Get and maildev binding it; then maildev
        // exits at once and another pair of ports is tried.
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePort.Get(2);
            var server = new MailDevServer(node, entry, ports[0], ports[1]);
            try
            {
                await server.StartAsync(cancellationToken).ConfigureAwait(false);
                return server;
            }
            catch (MailDevExitedException) when (attempt < attempts)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>
    /// Starts maildev on <see cref="SmtpPort"/> and <see cref="WebPort"/> and returns once its web API answers and
    /// its SMTP port accepts connections. Does nothing if it is already running.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsRunning)
            {
                return;
            }

            Directory.CreateDirectory(MailDirectory);
            process = LaunchProcess();
            HookProcessExit();
            LiveServers.TryAdd(this, 0);

            // A fresh client per run: pooled keep-alive connections to the previous process are dead.
            http?.Dispose();
            http = new HttpClient { BaseAddress = WebUri, Timeout = TimeSpan.FromSeconds(10) };

            await WaitUntilReadyAsync(process, http, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            KillProcess();
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Kills maildev (the whole process tree) and returns once its SMTP port refuses connections, so that a send
    /// right after this call fails deterministically. Messages already received are kept for the next start.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var running = process;
            if (running is null)
            {
                return;
            }

            KillProcess();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StopTimeout);
            await running.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            running.Dispose();
            process = null;

            while (await CanConnectAsync(SmtpPort, timeout.Token).ConfigureAwait(false))
            {
                await Task.Delay(PollInterval, timeout.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>All messages maildev holds, in arrival order.</summary>
    public async Task<IReadOnlyList<MailDevMessage>> GetMessagesAsync(CancellationToken cancellationToken = default)
    {
        var client = RequireRunningClient();
        using var response = await client.GetAsync(new Uri("api/email", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"maildev answered GET /api/email with {(int)response.StatusCode}: {MailDevMessageParser.Truncate(body)}");
        }

        return MailDevMessageParser.ParseList(body);
    }

    /// <summary>
    /// Polls until maildev holds at least <paramref name="count"/> messages and returns all of them (possibly more
    /// than <paramref name="count"/>: assert the exact number yourself).
    /// </summary>
    /// <exception cref="TimeoutException">Fewer messages arrived within <paramref name="timeout"/>; the message says what did arrive.</exception>
    public async Task<IReadOnlyList<MailDevMessage>> WaitForMessagesAsync(int count, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var messages = await GetMessagesAsync(cancellationToken).ConfigureAwait(false);
            if (messages.Count >= count)
            {
                return messages;
            }

            if (deadline.Elapsed >= timeout)
            {
                var subjects = string.Join("; ", messages.Select(m => $"'{m.Subject}' {m.MessageId}"));
                throw new TimeoutException($"Expected at least {count} message(s) in maildev within {timeout}, found {messages.Count}: [{subjects}]");
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The raw RFC 5322 source of one message, as it came over SMTP (to check MIME structure and exact headers).</summary>
    public async Task<string> GetMessageSourceAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var client = RequireRunningClient();
        return await client.GetStringAsync(new Uri($"api/email/{Uri.EscapeDataString(id)}/source", UriKind.Relative), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes every message this server holds (only this instance's; see the remarks on the class).</summary>
    public async Task DeleteAllAsync(CancellationToken cancellationToken = default)
    {
        var client = RequireRunningClient();
        using var response = await client.DeleteAsync(new Uri("api/email/all", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Kills the process tree and deletes this instance's mail folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The process did not exit within StopTimeout after being killed; it has been told to die, nothing more to do.
        }
        finally
        {
            disposed = true;
            LiveServers.TryRemove(this, out _);
            http?.Dispose();
            gate.Dispose();
            TryDeleteMailDirectory();
        }
    }

    private static string LocateEntryScript(string nodeModulesDirectory)
    {
        var packageDir = Path.Combine(nodeModulesDirectory, "maildev");
        var packageJson = Path.Combine(packageDir, "package.json");
        if (!File.Exists(packageJson))
        {
            throw new InvalidOperationException(
                $"maildev is not installed: '{packageJson}' does not exist. Run `npm ci` at the repository root " +
                "to install the pinned tools (package.json / package-lock.json), then run the tests again.");
        }

        // The "bin" field names the CLI script; reading it (instead of hard-coding a path) survives maildev moving
        // it, as 3.0 did (bin/maildev → dist/bin/maildev.js).
        using var json = JsonDocument.Parse(File.ReadAllText(packageJson));
        var bin = json.RootElement.TryGetProperty("bin", out var b) ? b : default;
        var relative = bin.ValueKind switch
        {
            JsonValueKind.String => bin.GetString(),
            JsonValueKind.Object when bin.TryGetProperty("maildev", out var m) => m.GetString(),
            _ => null,
        };
        var script = relative is null ? null : Path.GetFullPath(Path.Combine(packageDir, relative));
        if (script is null || !File.Exists(script))
        {
            throw new InvalidOperationException($"'{packageJson}' names no existing maildev CLI script in its \"bin\" field; run `npm ci` at the repository root again.");
        }

        return script;
    }

    private static string LocateNode()
    {
        // An explicit override for machines where node is not on PATH.
        var configured = Environment.GetEnvironmentVariable("WORKFLOWS_TEST_NODE");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var names = OperatingSystem.IsWindows() ? new[] { "node.exe" } : ["node"];
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException("Node.js was not found on PATH (maildev needs it); install Node.js 20+ or set WORKFLOWS_TEST_NODE to the node executable.");
    }

    private Process LaunchProcess()
    {
        var info = new ProcessStartInfo(nodeExecutable)
        {
            // maildev looks for config files in the working directory and its parents: start it in its own
            // temporary folder so a developer's .maildevrc.json in the repository cannot change the test server.
            WorkingDirectory = MailDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in new[]
                 {
                     entryScript,
                     "--smtp", SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--ip", Loopback,
                     "--web", WebPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--web-ip", Loopback,
                     "--mail-directory", MailDirectory,
                 })
        {
            info.ArgumentList.Add(argument);
        }

        // MAILDEV_* variables in the developer's environment would silently reconfigure the server.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MAILDEV_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }

        var started = new Process { StartInfo = info, EnableRaisingEvents = true };
        started.OutputDataReceived += (_, e) => Record(e.Data);
        started.ErrorDataReceived += (_, e) => Record(e.Data);
        try
        {
            started.Start();
        }
        catch (Win32Exception ex)
        {
            started.Dispose();
            throw new InvalidOperationException($"Could not start '{nodeExecutable}' to run maildev: {ex.Message}", ex);
        }

        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return started;
    }

    private async Task WaitUntilReadyAsync(Process running, HttpClient client, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (running.HasExited)
            {
                throw new MailDevExitedException(
                    $"maildev exited with code {running.ExitCode} while starting on SMTP {SmtpPort} / web {WebPort}. Output:{Environment.NewLine}{RecentOutput}");
            }

            // maildev opens SMTP before the web API; still check both, so a caller never sees a refused SMTP connection.
            if (await IsApiHealthyAsync(client, cancellationToken).ConfigureAwait(false)
                && await CanConnectAsync(SmtpPort, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (elapsed.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException(
                    $"maildev did not answer on web port {WebPort} within {StartTimeout}. Output:{Environment.NewLine}{RecentOutput}");
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<bool> IsApiHealthyAsync(HttpClient client, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(new Uri("api/healthz", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<bool> CanConnectAsync(int port, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private HttpClient RequireRunningClient()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!IsRunning || http is null)
        {
            throw new InvalidOperationException("maildev is not running; call StartAsync first.");
        }

        return http;
    }

    private void KillProcess()
    {
        var running = process;
        if (running is null)
        {
            return;
        }

        try
        {
            if (!running.HasExited)
            {
                running.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > MaxOutputLines && output.TryDequeue(out _))
        {
        }
    }

    private void TryDeleteMailDirectory()
    {
        try
        {
            if (Directory.Exists(MailDirectory))
            {
                Directory.Delete(MailDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing a test over it is not.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }

    private static void HookProcessExit()
    {
        if (Interlocked.Exchange(ref processExitHooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                foreach (var server in LiveServers.Keys)
                {
                    server.KillProcess();
                }
            };
        }
    }

    /// <summary>maildev exited during start (typically: a port was taken in the meantime).</summary>
    private sealed class MailDevExitedException(string message) : InvalidOperationException(message);
}
