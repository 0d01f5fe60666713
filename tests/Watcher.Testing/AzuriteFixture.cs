using System.Diagnostics;
using Xunit;

namespace Watcher.Testing;

/// <summary>
/// Starts Azurite (blob, queue and table, from the repo's node_modules) on free loopback ports, in memory, once per test
/// collection, and stops it after. Its periodic blob garbage collection is off (azurite-no-periodic-gc.js), and a probe
/// asks it something every second and logs every answer slower than 2 s to <c>host-logs/azurite-stalls.log</c>.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private static readonly TimeSpan StallThreshold = TimeSpan.FromSeconds(2);
    private readonly CancellationTokenSource _stopProbe = new();
    private Process? _process;
    private Task? _probe;

    public int BlobPort { get; } = Ports.Free();

    public int QueuePort { get; } = Ports.Free();

    public int TablePort { get; } = Ports.Free();

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public async Task InitializeAsync()
    {
        if (!File.Exists(RepoPaths.Azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed at {RepoPaths.Azurite}; run 'npm ci' in {RepoPaths.Root}.");
        }

        var start = new ProcessStartInfo("node")
        {
            ArgumentList =
            {
                "--require", RepoPaths.Combine("tests", "Watcher.Testing", "azurite-no-periodic-gc.js"),
                RepoPaths.Azurite, "--skipApiVersionCheck", "--inMemoryPersistence", "--silent", "--loose",
                "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
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
        _probe = Task.Run(() => ProbeAsync(_stopProbe.Token));
    }

    public async Task DisposeAsync()
    {
        await _stopProbe.CancelAsync();
        if (_probe is not null)
        {
            await _probe;
        }

        _stopProbe.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
    }

    /// <summary>
    /// Once a second, an unauthenticated blob request (Azurite refuses it at once, on its one thread): a slow answer
    /// means Azurite held every request that long, which a test then sees as storage that does not answer.
    /// </summary>
    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var log = Path.Combine(AppContext.BaseDirectory, "host-logs", "azurite-stalls.log");
        var started = Stopwatch.StartNew();
        async Task NoteAsync(string what)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            await File.AppendAllTextAsync(log, $"{DateTime.UtcNow:O} Azurite (blob port {BlobPort}, up {started.Elapsed.TotalMinutes:F1} min) {what}{Environment.NewLine}", CancellationToken.None);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                var asked = Stopwatch.StartNew();
                using var _ = await http.GetAsync(new Uri($"http://127.0.0.1:{BlobPort}/devstoreaccount1?comp=list&maxresults=1"), cancellationToken);
                if (asked.Elapsed > StallThreshold)
                {
                    await NoteAsync($"answered after {asked.Elapsed.TotalSeconds:F1} s");
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // No answer within the client's 2 minutes, or Azurite gone (a test stopping it): noted, and the probe goes on.
                await NoteAsync($"did not answer: {ex.Message}");
            }
        }
    }
}
