using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Watcher.BlobStorage;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.Benchmarks;

/// <summary>
/// Issue 9's store benchmarks through the real local host on Azurite: API list and show p50/p99 with N stored audits
/// and N plans at C concurrent clients, on the indexed store with its in-process copy and (side by side, same Azurite,
/// same documents) on the index without the copy (<c>Watcher:IndexMirror=false</c>) and the old full-scan listing
/// (<c>Watcher:UseIndex=false</c>); audit throughput from 1 to 500 concurrent dummy audits; and
/// dummy-audit latency at a store of ~0 and of N. Usage:
/// <c>dotnet run --project bench/Watcher.Benchmarks -c Release -- store [--stored 10000] [--clients 32] [--requests 1000] [--audits 1,10,100,500] [--baseline-seconds 60] [--baselines table,scan] [--out FILE]</c>.
/// Build the local host first: <c>dotnet build hosts/Watcher.LocalHost -c Release</c>.
/// </summary>
public static class StoreBench
{
    private const string Account = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;";

    public static async Task<int> RunAsync(string[] args)
    {
        var stored = IntArg(args, "--stored", 10_000);
        var clients = IntArg(args, "--clients", 32);
        var requests = IntArg(args, "--requests", 1000);
        var baselineSeconds = IntArg(args, "--baseline-seconds", 60);
        var levels = (Arg(args, "--audits") ?? "1,10,100,500").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var outFile = Arg(args, "--out");
        var root = FindRoot();
        var hostDll = Path.Combine(root, "hosts", "Watcher.LocalHost", "bin", "Release", "net10.0", "Watcher.LocalHost.dll");
        if (!File.Exists(hostDll))
        {
            Console.Error.WriteLine($"error: build the local host first: dotnet build hosts/Watcher.LocalHost -c Release ({hostDll} is missing)");
            return 2;
        }

        var report = new StringBuilder();
        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        var connection = Account + $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
        using var azurite = Start("node", [Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js"), "--skipApiVersionCheck", "--inMemoryPersistence", "--silent", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", Str(blob), "--queueHost", "127.0.0.1", "--queuePort", Str(queue), "--tableHost", "127.0.0.1", "--tablePort", Str(table)]);
        try
        {
            await WaitForPortAsync(table);
            var indexedPort = FreePort();
            using var indexedHost = StartHost(hostDll, connection, indexedPort, "benchindexed", "mirror");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{indexedPort}"), Timeout = TimeSpan.FromMinutes(5) };
            await WaitReadyAsync(http);
            Log($"indexed host up on {indexedPort}");

            report.AppendLine(CultureInfo.InvariantCulture, $"Local host (Release) + Azurite 3.37 in memory on {Environment.ProcessorCount} cores (shared with other work), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.").AppendLine();
            var latencyEmpty = await AuditLatencyAsync(http, 5);
            var seedWatch = Stopwatch.StartNew();
            var (audits, plans) = await SeedAsync(connection, stored);
            var seedSeconds = seedWatch.Elapsed.TotalSeconds;
            Log($"seeded {stored} audits and {stored} plans in {seedSeconds:0} s");
            var latencyFull = await AuditLatencyAsync(http, 5);

            var cases = Cases(audits, plans);
            var latencyScan = new List<double>();
            var rows = new List<string>();
            foreach (var (name, url) in cases)
            {
                var m = await LoadAsync(http, url, clients, requests, TimeSpan.FromMinutes(3), warmUp: 0);
                rows.Add(Row(name, "index + in-process copy", m));
                Log(rows[^1]);
            }

            // Baselines on the same Azurite and documents: the index with a table query per list (the copy off), and the
            // old full-scan listing (no index).
            var baselines = (Arg(args, "--baselines") ?? "table,scan").Split(',', StringSplitOptions.RemoveEmptyEntries);
            foreach (var (mode, label, take) in new[] { ("table", "index, table query per list", 4), ("scan", "full scan (old)", 2) }.Where(b => baselines.Contains(b.Item1)))
            {
                var port = FreePort();
                using var baselineHost = StartHost(hostDll, connection, port, "bench" + mode, mode);
                using var baselineHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
                await WaitReadyAsync(baselineHttp);
                Log($"{label} host up on {port}");
                foreach (var (name, url) in cases.Where(c => c.Name.StartsWith("list", StringComparison.Ordinal)).Take(take))
                {
                    var m = await LoadAsync(baselineHttp, url, clients, requests, TimeSpan.FromSeconds(baselineSeconds), warmUp: mode == "scan" ? 1 : 0);
                    rows.Add(Row(name, label, m));
                    Log(rows[^1]);
                }

                if (mode == "scan")
                {
                    latencyScan = await AuditLatencyAsync(baselineHttp, 2);
                }

                Kill(baselineHost);
            }

            // Throughput last (it is the longest part), on the indexed host with the seeded store.
            var throughput = new List<string>();
            foreach (var level in levels)
            {
                var (elapsed, failed) = await AuditBurstAsync(http, level);
                throughput.Add(string.Create(CultureInfo.InvariantCulture, $"| {level} | {elapsed.TotalSeconds:0.0} | {level / elapsed.TotalSeconds:0.00} | {failed} |"));
                Log(throughput[^1]);
            }

            Kill(indexedHost);

            report.AppendLine(CultureInfo.InvariantCulture, $"### API at {stored:N0} stored audits and {stored:N0} plans, {clients} concurrent clients").AppendLine();
            report.AppendLine("| request | listing | requests | errors | req/s | p50 ms | p99 ms | max ms |").AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
            rows.ForEach(r => report.AppendLine(r));
            report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Seeding {stored:N0} audits + {stored:N0} plans straight into the store (blobs 64 in parallel, then index rows in 100-row table transactions): {seedSeconds:0} s.").AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"### Audit throughput (dummy ONESHOT audits created at once, until every one is terminal; {stored:N0} + {stored:N0} stored)").AppendLine();
            report.AppendLine("| concurrent audits | seconds | audits/s | not SUCCEEDED |").AppendLine("|---:|---:|---:|---:|");
            throughput.ForEach(r => report.AppendLine(r));
            report.AppendLine().AppendLine("### Dummy audit latency (create → SUCCEEDED, one at a time)").AppendLine();
            report.AppendLine("| store | listing | audits | median s | max s |").AppendLine("|---|---|---:|---:|---:|");
            report.AppendLine(LatencyRow("empty", "index", latencyEmpty));
            report.AppendLine(LatencyRow($"{stored:N0} + {stored:N0}", "index", latencyFull));
            if (latencyScan.Count > 0)
            {
                report.AppendLine(LatencyRow($"{stored:N0} + {stored:N0}", "full scan (old)", latencyScan));
            }

            Console.Out.Write(report.ToString());
            if (outFile is not null)
            {
                await File.WriteAllTextAsync(outFile, report.ToString());
            }

            return 0;
        }
        finally
        {
            Kill(azurite);
        }
    }

    private static List<(string Name, Func<int, string> Url)> Cases(IReadOnlyList<string> audits, IReadOnlyList<string> plans) =>
    [
        ("list GET /v1/audits?limit=20", _ => "/v1/audits?limit=20"),
        ("list GET /v1/action_plans?limit=20", _ => "/v1/action_plans?limit=20"),
        ("list GET /v1/audits/detail?limit=20&marker=(random)", i => $"/v1/audits/detail?limit=20&marker={audits[(i * 7919) % audits.Count]}"),
        ("list GET /v1/action_plans?audit_uuid=(random)", i => $"/v1/action_plans?audit_uuid={audits[(i * 104729) % audits.Count]}"),
        ("list GET /v1/audits (no limit: 1,000 rows)", _ => "/v1/audits"),
        ("list GET /v1/actions?limit=20", _ => "/v1/actions?limit=20"),
        ("show GET /v1/audits/{uuid}", i => $"/v1/audits/{audits[(i * 7919) % audits.Count]}"),
        ("show GET /v1/audits/{name}", i => $"/v1/audits/seed-{(i * 7919) % audits.Count}"),
        ("show GET /v1/action_plans/{uuid}", i => $"/v1/action_plans/{plans[(i * 7919) % plans.Count]}"),
        ("list GET /v1/goals (no store)", _ => "/v1/goals"),
    ];

    /// <summary>Bulk load: the blobs 64 in parallel, then their index rows (with the blobs' ETags) in 100-row table transactions.</summary>
    private static async Task<(List<string> Audits, List<string> Plans)> SeedAsync(string connection, int n)
    {
        var blobs = new BlobDocumentStore(connection, "watcher");
        var index = new TableDocumentIndex(connection, "watcherindex");
        var t0 = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var audits = Enumerable.Range(0, n).Select(i => $"00000000-0000-4000-8000-{i:D12}").ToList();
        var plans = Enumerable.Range(0, n).Select(i => $"00000000-0000-4000-9000-{i:D12}").ToList();
        var rows = new IndexRow[2 * n];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 2 * n), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (j, ct) =>
        {
            var i = j / 2;
            if (j % 2 == 0)
            {
                var audit = new Audit
                {
                    Uuid = audits[i], Name = $"seed-{i}", GoalUuid = "dummy", GoalName = "dummy", StrategyUuid = "dummy", StrategyName = "dummy",
                    State = AuditState.Succeeded, Hostname = "bench", CreatedAt = t0.AddSeconds(i), UpdatedAt = t0.AddSeconds(i + 1),
                    Parameters = new JsonObject { ["para1"] = 3.2, ["para2"] = "hello" },
                };
                rows[j] = IndexedCollections.Audits.RowOf(audit, await blobs.CreateAsync(WatcherRepository.Audits, audit.Uuid, audit, ct));
            }
            else
            {
                // Two nop actions each, as a dummy audit's plan has.
                var plan = new ActionPlan
                {
                    Uuid = plans[i], AuditUuid = audits[i], StrategyUuid = "dummy", StrategyName = "dummy", State = ActionPlanState.Succeeded,
                    CreatedAt = t0.AddSeconds(i + 1), UpdatedAt = t0.AddSeconds(i + 2),
                    Actions = [.. Enumerable.Range(0, 2).Select(k => new WatcherAction
                    {
                        Uuid = $"{plans[i]}-{k}", ActionPlanUuid = plans[i], ActionType = "nop", State = ActionState.Succeeded,
                        InputParameters = new JsonObject { ["message"] = "seeded" }, CreatedAt = t0.AddSeconds(i + 1),
                    })],
                };
                rows[j] = IndexedCollections.ActionPlans.RowOf(plan, await blobs.CreateAsync(WatcherRepository.ActionPlans, plan.Uuid, plan, ct));
            }

            if (Interlocked.Increment(ref done) % 2000 == 0)
            {
                Log($"  seeded {done} documents");
            }
        });
        await index.UpsertManyAsync(rows);
        return (audits, plans);
    }

    /// <summary><paramref name="total"/> GETs by <paramref name="clients"/> concurrent clients within <paramref name="budget"/>; latencies kept when given.</summary>
    private static Task RunAsync(HttpClient http, Func<int, string> url, int clients, int total, TimeSpan budget, List<double>? latencies, int[] errors)
    {
        var next = -1;
        var watch = Stopwatch.StartNew();
        return Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (watch.Elapsed < budget)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= total)
                {
                    return;
                }

                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync(new Uri(url(i), UriKind.Relative));
                    await response.Content.ReadAsByteArrayAsync();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref errors[0]);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors[0]);
                }

                if (latencies is not null)
                {
                    lock (latencies)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                }
            }
        }));
    }

    private static async Task<Measurement> LoadAsync(HttpClient http, Func<int, string> url, int clients, int total, TimeSpan budget, int warmUp)
    {
        // Warm-up, not measured: warmUp requests, or 2 s of load at full concurrency when warmUp is 0. The clients'
        // connections, the JIT's tiers, the thread pool and the partition's first load (and its garbage) are then those
        // of a service that has been running, for the first case as for the others.
        await RunAsync(http, url, clients, warmUp > 0 ? warmUp : int.MaxValue, warmUp > 0 ? budget : TimeSpan.FromSeconds(2), latencies: null, errors: new int[1]);
        var latencies = new List<double>();
        var errors = new int[1];
        var watch = Stopwatch.StartNew();
        await RunAsync(http, url, clients, total, budget, latencies, errors);
        latencies.Sort();
        return new Measurement(latencies.Count, errors[0], latencies.Count / watch.Elapsed.TotalSeconds, Pct(latencies, 0.50), Pct(latencies, 0.99), latencies.Count == 0 ? double.NaN : latencies[^1]);
    }

    private static async Task<List<double>> AuditLatencyAsync(HttpClient http, int count)
    {
        var seconds = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            var uuid = await CreateAuditAsync(http);
            await WaitTerminalAsync(http, [uuid], TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
            seconds.Add(watch.Elapsed.TotalSeconds);
            Log($"  audit latency {watch.Elapsed.TotalSeconds:0.00} s");
        }

        return seconds;
    }

    private static async Task<(TimeSpan Elapsed, int Failed)> AuditBurstAsync(HttpClient http, int count)
    {
        var watch = Stopwatch.StartNew();
        var uuids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Math.Min(count, 64) }, async (i, _) => uuids[i] = await CreateAuditAsync(http));
        var failed = await WaitTerminalAsync(http, uuids, TimeSpan.FromMilliseconds(count < 10 ? 100 : 1000), TimeSpan.FromMinutes(30));
        return (watch.Elapsed, failed);
    }

    private static async Task<string> CreateAuditAsync(HttpClient http)
    {
        using var content = new StringContent("""{"audit_type":"ONESHOT","goal":"dummy","strategy":"dummy"}""", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/v1/audits", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.Created
            ? JsonNode.Parse(body)!["uuid"]!.GetValue<string>()
            : throw new InvalidOperationException($"POST /v1/audits: {(int)response.StatusCode} {body}");
    }

    /// <summary>Polls until every audit is SUCCEEDED, FAILED or CANCELLED; returns how many did not succeed.</summary>
    private static async Task<int> WaitTerminalAsync(HttpClient http, IReadOnlyList<string> uuids, TimeSpan poll, TimeSpan timeout)
    {
        var pending = new HashSet<string>(uuids);
        var failed = 0;
        var watch = Stopwatch.StartNew();
        while (pending.Count > 0 && watch.Elapsed < timeout)
        {
            var states = new Dictionary<string, string>();
            await Parallel.ForEachAsync(pending.ToList(), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (uuid, _) =>
            {
                var state = JsonNode.Parse(await http.GetStringAsync(new Uri($"/v1/audits/{uuid}", UriKind.Relative)))!["state"]!.GetValue<string>();
                lock (states)
                {
                    states[uuid] = state;
                }
            });
            foreach (var (uuid, state) in states.Where(s => s.Value is "SUCCEEDED" or "FAILED" or "CANCELLED"))
            {
                pending.Remove(uuid);
                failed += state == "SUCCEEDED" ? 0 : 1;
            }

            if (pending.Count > 0)
            {
                await Task.Delay(poll);
            }
        }

        return failed + pending.Count;
    }

    /// <summary>A local host listing through the index and its in-process copy (<c>mirror</c>), the index alone (<c>table</c>), or a full scan (<c>scan</c>).</summary>
    private static Process StartHost(string dll, string connection, int port, string taskHub, string mode) =>
        Start("dotnet", [dll, $"--Watcher:StorageConnectionString={connection}", $"--Watcher:Local:Url=http://127.0.0.1:{port}", "--Watcher:Local:SidecarPort=0",
            $"--Watcher:TaskHub={taskHub}", $"--Watcher:UseIndex={mode != "scan"}", $"--Watcher:IndexMirror={mode == "mirror"}", "--Logging:LogLevel:Default=Warning",
            // The per-identity rate limits are off: every request of the benchmark comes from one identity.
            "--Watcher:Http:ReadsPerMinute=0", "--Watcher:Http:MutationsPerMinute=0"]);

    private static async Task WaitReadyAsync(HttpClient http)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/v1/goals", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (watch.Elapsed < TimeSpan.FromMinutes(2))
            {
            }

            await Task.Delay(500);
        }
    }

    private static Process Start(string file, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line && line.Contains("fail", StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine("  [host] " + line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    private static async Task WaitForPortAsync(int port)
    {
        for (var i = 0; i < 120; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(250);
            }
        }

        throw new InvalidOperationException($"Nothing listens on {port}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Watcher.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository (Watcher.sln not found).");
    }

    private static double Pct(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Row(string name, string listing, Measurement m) =>
        string.Create(CultureInfo.InvariantCulture, $"| `{name}` | {listing} | {m.Count} | {m.Errors} | {m.PerSecond:0.0} | {m.P50:0.0} | {m.P99:0.0} | {m.Max:0.0} |");

    private static string LatencyRow(string store, string listing, List<double> s) =>
        string.Create(CultureInfo.InvariantCulture, $"| {store} | {listing} | {s.Count} | {s.Order().ElementAt(s.Count / 2):0.00} | {s.Max():0.00} |");

    private static string? Arg(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private static int IntArg(string[] args, string name, int fallback) => Arg(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static string Str(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static void Log(string line) => Console.Error.WriteLine(line);

    private sealed record Measurement(int Count, int Errors, double PerSecond, double P50, double P99, double Max);
}
