using System.Diagnostics;
using System.Net.Http;
using System.Text;
using Xunit;

namespace Watcher.Testing;

/// <summary>
/// The mini OpenStack (Keystone, Placement, Glance, Nova with three fake-driver computes on loopback) for a test run:
/// when Keystone (:5000) and Nova (:8774) already answer it uses that cloud and leaves it running; otherwise it starts
/// one with <c>start-mini-openstack.sh</c> (as root; the script apt-installs Debian's packages when missing) and stops it
/// with <c>stop-mini-openstack.sh</c> when the run ends. Use it as a collection fixture so it starts once per run.
/// The scripts are the copies in tests/Watcher.Testing/OpenStack (from ../shared/openstack), or <c>MINI_OS_SCRIPTS</c>.
/// </summary>
public sealed class MiniOpenStackFixture : IAsyncLifetime
{
    private static readonly string LockFile = Path.Combine(Path.GetTempPath(), "watcher-mini-openstack.lock");
    private readonly StringBuilder _log = new();

    /// <summary>Keystone's v3 endpoint.</summary>
    public Uri AuthUrl { get; } = new("http://127.0.0.1:5000/v3");

    /// <summary>The admin user's name (its password is the same).</summary>
    public string Username => "admin";

    /// <summary>The admin user's password.</summary>
    public string Password => "admin";

    /// <summary>The admin project.</summary>
    public string ProjectName => "admin";

    /// <summary>The catalog region.</summary>
    public string Region => "RegionOne";

    /// <summary>True when this fixture started the cloud (and so stops it).</summary>
    public bool Started { get; private set; }

    /// <summary>How long starting took (zero when the cloud was already running).</summary>
    public TimeSpan StartTime { get; private set; }

    /// <summary>The directory holding the start and stop scripts.</summary>
    public static string ScriptDirectory =>
        Environment.GetEnvironmentVariable("MINI_OS_SCRIPTS") is { Length: > 0 } dir ? dir : RepoPaths.Combine("tests", "Watcher.Testing", "OpenStack");

    public async Task InitializeAsync()
    {
        if (await AnswersAsync())
        {
            return;
        }

        // One starter at a time across test processes; a second one finds the cloud answering after the lock.
        await using var gate = await LockAsync(TimeSpan.FromMinutes(15));
        if (await AnswersAsync())
        {
            return;
        }

        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root" && !IsRoot())
        {
            throw new InvalidOperationException("The mini OpenStack is not running and starting it needs root (its script installs Debian packages and runs MariaDB, RabbitMQ and Nova).");
        }

        var watch = Stopwatch.StartNew();
        var (code, output) = await RunAsync(Path.Combine(ScriptDirectory, "start-mini-openstack.sh"), TimeSpan.FromMinutes(12));
        if (code != 0 || !await AnswersAsync())
        {
            throw new InvalidOperationException($"start-mini-openstack.sh exited {code}:\n{output}");
        }

        Started = true;
        StartTime = watch.Elapsed;
    }

    public async Task DisposeAsync()
    {
        if (Started)
        {
            await RunAsync(Path.Combine(ScriptDirectory, "stop-mini-openstack.sh"), TimeSpan.FromMinutes(2));
        }
    }

    /// <summary>True when Keystone and Nova both answer HTTP on loopback.</summary>
    public static async Task<bool> AnswersAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var keystone = await http.GetAsync(new Uri("http://127.0.0.1:5000/v3"));
            using var nova = await http.GetAsync(new Uri("http://127.0.0.1:8774/"));
            return keystone.IsSuccessStatusCode && (int)nova.StatusCode < 500;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static bool IsRoot()
    {
        try
        {
            return File.ReadAllLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal)) is { } uid
                && uid.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) == "0";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task<FileStream> LockAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(1000);
            }
        }
    }

    private async Task<(int Code, string Output)> RunAsync(string script, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {script}.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{script} did not finish within {timeout}:\n{Log}");
        }

        return (process.ExitCode, Log);
    }

    private string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
