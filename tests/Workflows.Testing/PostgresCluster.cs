using System.Diagnostics;
using Xunit;

namespace Workflows.Testing;

/// <summary>
/// A private PostgreSQL cluster for one test run: Debian's server binaries (scripts/bootstrap.sh --test installs
/// the postgresql package), a fresh data folder, a free port on the loopback, trust authentication. initdb and
/// pg_ctl refuse to run as root, so as root they run as the postgres user (runuser). Dispose stops it and deletes
/// the folder. Tests that need it use <see cref="PostgresFactAttribute"/>, which skips them, saying why, when the
/// binaries are not installed.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private int _databases;

    private PostgresCluster(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The folder of initdb and pg_ctl, or null when PostgreSQL is not installed.</summary>
    public static string? BinFolder()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
            .OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault();
    }

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = BinFolder() ?? throw new InvalidOperationException(PostgresFactAttribute.NotInstalled);
        var folder = Path.Combine(Path.GetTempPath(), "wf-pg-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(folder);
        if (IsRoot) await RunAsync("chown", ["postgres:postgres", folder], asPostgres: false);
        var data = Path.Combine(folder, "data");
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], asPostgres: true);
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort.Get();
            try
            {
                await RunAsync(Path.Combine(bin, "pg_ctl"),
                    ["-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "-o",
                     $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 -c shared_buffers=32MB", "start"], asPostgres: true);
                return new PostgresCluster(bin, folder, port);
            }
            catch (InvalidOperationException) when (attempt < 2)
            {
                // The port was taken between asking and binding; try another.
            }
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "wf")
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..6]}";
        await RunAsync(Path.Combine(_bin, "createdb"), ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", name], asPostgres: true);
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=40";

    /// <summary>Runs SQL with psql (for tests that set a database up as an older version left it).</summary>
    public Task ExecuteAsync(string database, string sql) =>
        RunAsync(Path.Combine(_bin, "psql"), ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-c", sql], asPostgres: true);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"], asPostgres: true);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var info = asPostgres && IsRoot ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", program, .. arguments]) : new ProcessStartInfo(program, arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {await error}{await output}");
    }
}

/// <summary>A fact that needs Debian's PostgreSQL server; skipped with the reason where it is not installed.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string NotInstalled = "PostgreSQL server binaries are not installed (/usr/lib/postgresql/*/bin/initdb); run scripts/bootstrap.sh --test (apt-get install postgresql).";

    public PostgresFactAttribute()
    {
        if (PostgresCluster.BinFolder() is null) Skip = NotInstalled;
    }
}
