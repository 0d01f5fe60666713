using System.Diagnostics;
using System.Globalization;

namespace Watcher.Testing;

/// <summary>
/// A test's own Azurite on free loopback ports that keeps its data on disk (<c>--location</c>), so the test can stop it
/// (a storage outage: connections refused) and start it again on the same ports with the same data. Not shared: the
/// outage would hit every other test of a shared instance.
/// </summary>
public sealed class RestartableAzurite : IAsyncDisposable
{
    private readonly string _location = Directory.CreateTempSubdirectory("watcher-azurite-").FullName;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();
    private Process? _process;

    public int BlobPort { get; } = Ports.Free();

    public int QueuePort { get; } = Ports.Free();

    public int TablePort { get; } = Ports.Free();

    /// <summary>Whether Azurite is running (between <see cref="StartAsync"/> and <see cref="Stop"/>).</summary>
    public bool IsRunning => _process is { HasExited: false };

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>Starts Azurite (again) on this instance's ports and data folder and waits until every service listens.</summary>
    public async Task StartAsync()
    {
        if (!File.Exists(RepoPaths.Azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed at {RepoPaths.Azurite}; run 'npm ci' in {RepoPaths.Root}.");
        }

        if (IsRunning)
        {
            throw new InvalidOperationException("Azurite is already running.");
        }

        _process?.Dispose();
        var start = new ProcessStartInfo("node")
        {
            ArgumentList =
            {
                RepoPaths.Azurite, "--skipApiVersionCheck", "--location", _location, "--silent", "--loose",
                "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(CultureInfo.InvariantCulture),
                "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(CultureInfo.InvariantCulture),
                "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(CultureInfo.InvariantCulture),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Azurite.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            // Generous: on a loaded 2-core machine Azurite reloading its data folder has taken over 30 s.
            foreach (var port in new[] { BlobPort, QueuePort, TablePort })
            {
                await Ports.WaitForAsync(port, TimeSpan.FromSeconds(90));
            }
        }
        catch (TimeoutException ex)
        {
            // Another process may have taken a port while Azurite was down (the ports were free then).
            var state = _process.HasExited ? $"Azurite exited with {_process.ExitCode}" : "Azurite is still starting";
            throw new TimeoutException($"{ex.Message} {state}; its output:\n{string.Join('\n', _output)}", ex);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 40 && _output.TryDequeue(out _))
        {
        }
    }

    /// <summary>
    /// Stops Azurite (its data stays in the folder): from now on every storage call is refused. SIGTERM first, so
    /// Azurite saves its metadata database (a real storage service never loses a write it acknowledged; a SIGKILLed
    /// Azurite can lose the last seconds of its in-memory metadata), SIGKILL only if it does not exit in 15 s.
    /// </summary>
    public void Stop()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            term?.WaitForExit(5_000);
        }

        if (!process.WaitForExit(15_000))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _process?.Dispose();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }

        return ValueTask.CompletedTask;
    }
}
