using System.Collections.Concurrent;
using System.Diagnostics;

namespace Watcher.Integration.Tests;

/// <summary>
/// The local host as a separate process (as a user runs it), on its own task hub and container: tests talk to it over
/// HTTP and can kill it (SIGKILL) and start it again. Its output is kept to explain failures.
/// </summary>
public sealed class ChildProcessHost : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public ChildProcessHost(HostSettings settings)
    {
        Settings = settings;
        Client = new WatcherTestClient(settings.BaseUrl) { LogSource = () => string.Join('\n', _output.TakeLast(60)) };
    }

    public HostSettings Settings { get; }

    public WatcherTestClient Client { get; }

    /// <summary>Environment variables the next start passes to the process (a test's fault injection, for example).</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>True while the process runs (false once it was killed or exited by itself).</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Fragments whose output lines are counted over all starts (add before the lines appear); read the counts back.</summary>
    public ConcurrentDictionary<string, int> Counted { get; } = new(StringComparer.Ordinal);
    /// <summary>Sees every line the process writes (the kept output is only the last 500), for tests that count log lines.</summary>
    public Action<string>? LineObserver { get; init; }

    public static string HostDll
    {
        get
        {
            // Same configuration (Debug/Release) as this test assembly: .../bin/{Configuration}/net10.0/
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var path = Path.Combine(RepoPaths.Root, "hosts", "Watcher.LocalHost", "bin", configuration, "net10.0", "Watcher.LocalHost.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build the local host first.", path);
        }
    }

    public static async Task<ChildProcessHost> StartAsync(HostSettings settings)
    {
        var host = new ChildProcessHost(settings);
        await host.StartAsync();
        return host;
    }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(HostDll);
        foreach (var arg in Settings.Args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the local host.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            await Client.WaitHealthyAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(ex.Message + "\n" + Client.LogSource!(), ex);
        }
    }

    /// <summary>Kills the process at once, as a crash would (no graceful shutdown).</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10000);
        }

        _process?.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        Client.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        LineObserver?.Invoke(line);
        _output.Enqueue(line);
        foreach (var fragment in Counted.Keys)
        {
            if (line.Contains(fragment, StringComparison.Ordinal))
            {
                Counted.AddOrUpdate(fragment, 1, (_, n) => n + 1);
            }
        }

        while (_output.Count > 500 && _output.TryDequeue(out _))
        {
        }
    }
}
