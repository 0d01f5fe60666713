using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Watcher.Integration.Tests;

/// <summary>
/// The local host as a separate process (as a user runs it), on its own task hub and container: tests talk to it over
/// HTTP and can kill it (SIGKILL) and start it again. Its output (stdout and stderr, over every start) goes to a file
/// (<see cref="LogPath"/>, kept after the test to explain failures), which one dedicated thread of the test process
/// follows and hands line by line to <see cref="LineObserver"/> and <see cref="Counted"/>.
/// </summary>
/// <remarks>
/// The output used to be read through redirected pipes (<c>BeginOutputReadLine</c>, on the thread pool). That couples
/// the child to the test process: a child's console logger blocks once the pipe (64 KiB) and its own queue (2,500
/// messages) are full, and any stall of the reader loses or holds back the lines a test counts. In the 200-plan
/// scale-out soak the lines of one worker stopped reaching the test 14 minutes before its end while the worker went on
/// serving. Writing to a file removes the back-pressure: the child never waits for the test, and nothing it wrote is
/// lost, whatever the test process is doing.
/// </remarks>
public sealed class ChildProcessHost : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Lock _tailLock = new();
    private Process? _process;
    private Thread? _tail;
    private volatile bool _stopTail;
    private long _lines;
    private long _lastLineTicks;
    private Exception? _observerError;

    public ChildProcessHost(HostSettings settings)
    {
        Settings = settings;
        var folder = Path.Combine(AppContext.BaseDirectory, "host-logs");
        Directory.CreateDirectory(folder);
        LogPath = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{settings.Id}-{settings.ApiPort}.log");
        File.WriteAllText(LogPath, string.Empty);
        Client = new WatcherTestClient(settings.BaseUrl) { LogSource = () => $"host log {LogPath} ({Lines} lines; last 60):\n" + string.Join('\n', _output.TakeLast(60)) };
    }

    public HostSettings Settings { get; }

    public WatcherTestClient Client { get; }

    /// <summary>The file the process writes its stdout and stderr to, over every start (kept after the test).</summary>
    public string LogPath { get; }

    /// <summary>Lines read from <see cref="LogPath"/> so far.</summary>
    public long Lines => Interlocked.Read(ref _lines);

    /// <summary>When the last line was read (null before the first).</summary>
    public DateTimeOffset? LastLineAt => Interlocked.Read(ref _lastLineTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

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
        // The shell only redirects and then becomes dotnet (exec): the process killed is the host itself.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$WATCHER_TEST_HOST_LOG\" 2>&1");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(HostDll);
        foreach (var arg in Settings.Args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["WATCHER_TEST_HOST_LOG"] = LogPath;
        lock (_tailLock)
        {
            if (_tail is null)
            {
                _tail = new Thread(Tail) { IsBackground = true, Name = $"host log {Settings.ApiPort}" };
                _tail.Start();
            }
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the local host.");
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
        _stopTail = true;
        _tail?.Join(TimeSpan.FromSeconds(5));
        Client.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Follows <see cref="LogPath"/> (appended to by every start) until disposed, then reads what is left.</summary>
    private void Tail()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[64 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        var line = new StringBuilder();
        while (true)
        {
            var read = stream.Read(bytes, 0, bytes.Length);
            if (read == 0)
            {
                if (_stopTail)
                {
                    return;
                }

                Thread.Sleep(50);
                continue;
            }

            var count = decoder.GetChars(bytes, 0, read, chars, 0);
            for (var i = 0; i < count; i++)
            {
                if (chars[i] == '\n')
                {
                    Keep(line.ToString().TrimEnd('\r'));
                    line.Clear();
                }
                else
                {
                    line.Append(chars[i]);
                }
            }
        }
    }

    private void Keep(string line)
    {
        Interlocked.Increment(ref _lines);
        Interlocked.Exchange(ref _lastLineTicks, DateTimeOffset.UtcNow.UtcTicks);
        try
        {
            LineObserver?.Invoke(line);
        }
        catch (Exception ex)
        {
            // A throwing observer must not stop the following of the log: the first error is shown with the output.
            if (Interlocked.CompareExchange(ref _observerError, ex, null) is null)
            {
                _output.Enqueue($"[test] the line observer threw: {ex}");
            }
        }

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
