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
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Ports.WaitForAsync(BlobPort, TimeSpan.FromSeconds(30));
        await Ports.WaitForAsync(QueuePort, TimeSpan.FromSeconds(30));
        await Ports.WaitForAsync(TablePort, TimeSpan.FromSeconds(30));
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
