using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Workflows.Testing;

/// <summary>
/// The real service as a child process (dotnet Workflows.Server.dll), for tests that must kill it. Output is
/// kept in memory so a failing test can show what the server said.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public ServerProcess(int port, IDictionary<string, string> environment)
    {
        Port = port;
        _environment = new Dictionary<string, string>(environment);
    }

    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>The server built by the solution build (Debug or Release, whichever is newer).</summary>
    public static string ServerDll()
    {
        var candidates = new[] { "Release", "Debug" }
            .Select(c => RepoPaths.Combine("src", "Workflows.Server", "bin", c, "net10.0", "Workflows.Server.dll"))
            .Where(File.Exists).OrderByDescending(File.GetLastWriteTimeUtc).ToList();
        return candidates.FirstOrDefault() ?? throw new InvalidOperationException("Build the solution first: src/Workflows.Server/bin/*/net10.0/Workflows.Server.dll is missing.");
    }

    public async Task StartAsync(TimeSpan timeout)
    {
        var dll = ServerDll();
        var info = new ProcessStartInfo("dotnet", [dll, "--urls", BaseAddress.ToString().TrimEnd('/')])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _environment) info.Environment[key] = value;
        _process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the server.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitHealthyAsync(timeout);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > 400_000) _output.Remove(0, 200_000);
        }
    }

    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            if (_process is { HasExited: true })
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await http.GetAsync("health");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The server did not become healthy in {timeout}:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; exactly what a power cut does to the process.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async Task<string> LoginAsync(string userName, string password = "Passw0rd!")
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        using var response = await http.PostAsJsonAsync("api/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["accessToken"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }
}
