using System.Diagnostics;
using System.Globalization;
using System.Text;
using Watcher.Testing;

namespace Watcher.ApplierBench;

/// <summary>
/// Applier benchmark: for each backend and N, the bare orchestrations and Watcher's plan of N nop actions, side by side,
/// and the ratio. Usage: <c>DOTNET_PROCESSOR_COUNT=256 dotnet run --project bench/Watcher.ApplierBench -c Release --
/// [--backends inprocess,azurite] [--sizes 100,1000,10000] [--azurite-sizes 100,1000] [--out FILE]</c>.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = Options(args);
        var sizes = Sizes(options, "sizes", "100,1000,10000");
        var azuriteSizes = Sizes(options, "azurite-sizes", "100,1000");
        var backends = (options.GetValueOrDefault("backends") ?? "inprocess,azurite").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var runs = new List<ApplierRun>();
        if (backends.Contains("inprocess"))
        {
            foreach (var n in sizes)
            {
                await using var backend = await InProcessBackend.StartAsync();
                await MeasureAsync(backend, n, runs);
            }
        }

        if (backends.Contains("azurite"))
        {
            var azurite = new AzuriteFixture();
            await azurite.InitializeAsync();
            try
            {
                foreach (var n in azuriteSizes)
                {
                    await using var backend = await AzuriteBackend.StartAsync(azurite);
                    await MeasureAsync(backend, n, runs);
                }
            }
            finally
            {
                await azurite.DisposeAsync();
            }
        }

        var report = Report(runs);
        Console.WriteLine(report);
        if (options.GetValueOrDefault("out") is { } file)
        {
            await File.WriteAllTextAsync(file, report);
        }

        return 0;
    }

    private static async Task MeasureAsync(BenchBackend backend, int n, List<ApplierRun> runs)
    {
        // A small warm-up of each, so JIT and first connections are not measured.
        await backend.RunBareAsync(BareOrchestrations.AllAtOnce, 10);
        await backend.RunPlanAsync(10);
        foreach (var run in new Func<Task<ApplierRun>>[]
        {
            () => backend.RunBareAsync(BareOrchestrations.AllAtOnce, n),
            () => backend.RunBareAsync(BareOrchestrations.Chunked, n),
            () => backend.RunPlanAsync(n),
        })
        {
            var result = await run();
            Console.Error.WriteLine($"{result.Backend} N={n} {result.What}: {result.Elapsed.TotalSeconds:F2} s {result.Store} {result.Busiest}");
            runs.Add(result);
        }
    }

    private static string Report(List<ApplierRun> runs)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MiB; {Environment.ProcessorCount} processors reported.");
        text.AppendLine();
        text.AppendLine("| backend | N | bare, all at once (s) | bare, chunks of 500 (s) | Watcher plan (s) | plan ÷ bare all | plan ÷ bare chunked | plan actions/s | store reads / writes / appends / lists during the plan | plan creation (s) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (var group in runs.GroupBy(r => (r.Backend, r.N)))
        {
            var all = group.Single(r => r.What == "bare, all at once");
            var chunked = group.Single(r => r.What == "bare, chunks of 500");
            var plan = group.Single(r => r.What == "Watcher plan");
            var store = plan.Store!.Value;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {group.Key.Backend} | {group.Key.N:N0} | {all.Elapsed.TotalSeconds:F2} | {chunked.Elapsed.TotalSeconds:F2} | {plan.Elapsed.TotalSeconds:F2} | "
                + $"{plan.Elapsed / all.Elapsed:F2}× | {plan.Elapsed / chunked.Elapsed:F2}× | {group.Key.N / plan.Elapsed.TotalSeconds:F0} | "
                + $"{store.Reads:N0} / {store.Writes:N0} / {store.Appends:N0} / {store.Lists:N0} | {plan.Setup!.Value.TotalSeconds:F2} |");
        }

        text.AppendLine();
        text.AppendLine("Document-store calls of each Watcher plan run, busiest first:");
        text.AppendLine();
        foreach (var plan in runs.Where(r => r.What == "Watcher plan"))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {plan.Backend}, N = {plan.N:N0}: {plan.Busiest}");
        }

        return text.ToString();
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        return options;
    }

    private static int[] Sizes(Dictionary<string, string> options, string key, string fallback) =>
        [.. (options.GetValueOrDefault(key) ?? fallback).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
}
