using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Watcher.Prometheus.Tests;

/// <summary>
/// A real Prometheus (Debian package <c>prometheus</c>) on a free loopback port, serving blocks backfilled with
/// <c>promtool tsdb create-blocks-from openmetrics</c> from <see cref="SyntheticExporterData"/>. Fails (never skips)
/// with an install hint when the binaries are missing; stops the server and deletes its data on dispose.
/// </summary>
public sealed class PrometheusServerFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "watcher-prom-" + Guid.NewGuid().ToString("N"));
    private readonly StringBuilder _log = new();
    private Process? _server;

    public PrometheusServerFixture()
    {
        var now = DateTimeOffset.UtcNow;
        Data = new SyntheticExporterData(new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(-2));
    }

    public SyntheticExporterData Data { get; }

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public async Task InitializeAsync()
    {
        var prometheus = FindBinary("prometheus", "PROMETHEUS_BIN");
        var promtool = FindBinary("promtool", "PROMTOOL_BIN");
        Directory.CreateDirectory(_directory);
        var input = Path.Combine(_directory, "exporters.om.txt");
        var storage = Path.Combine(_directory, "tsdb");
        var config = Path.Combine(_directory, "prometheus.yml");
        await File.WriteAllTextAsync(input, Data.ToOpenMetrics());
        await File.WriteAllTextAsync(config, "global:\n  scrape_interval: 1m\n  evaluation_interval: 1m\nscrape_configs: []\n");

        var (code, output) = await RunAsync(promtool, ["tsdb", "create-blocks-from", "openmetrics", input, storage], TimeSpan.FromMinutes(3));
        if (code != 0)
        {
            throw new InvalidOperationException($"promtool create-blocks-from openmetrics exited {code}:\n{output}");
        }

        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo(prometheus)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            $"--config.file={config}",
            $"--storage.tsdb.path={storage}",
            // Backfilled blocks are only kept while inside retention; the default (15d) would do for 6 h, 10y is explicit.
            "--storage.tsdb.retention.time=10y",
            $"--web.listen-address=127.0.0.1:{port}",
            "--query.lookback-delta=5m",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _server = Process.Start(start) ?? throw new InvalidOperationException("Could not start prometheus.");
        _server.OutputDataReceived += (_, e) => Append(e.Data);
        _server.ErrorDataReceived += (_, e) => Append(e.Data);
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_server.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with code {_server.ExitCode} before it was ready:\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl, "-/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"prometheus was not ready within 60 s:\n{Log}");
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is { } server)
        {
            if (!server.HasExited)
            {
                server.Kill();
                await server.WaitForExitAsync();
            }

            server.Dispose();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private static string FindBinary(string name, string environmentVariable)
    {
        var configured = Environment.GetEnvironmentVariable(environmentVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"{environmentVariable}={configured} does not exist; unset it to use the Debian package 'prometheus' (apt-get install prometheus).");
        }

        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/local/bin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
        return found ?? throw new InvalidOperationException(
            $"The '{name}' binary was not found on PATH (or set {environmentVariable}). The Prometheus integration tests need a real server: " +
            "install the Debian package with 'apt-get install prometheus' (it provides /usr/bin/prometheus and /usr/bin/promtool).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"{file} did not finish within {timeout}.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
