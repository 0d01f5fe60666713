using System.Globalization;
using System.Runtime.InteropServices;
using Watcher.Cli;
using Watcher.Domain.Planning;

namespace Watcher.Benchmarks;

/// <summary>
/// Runs every registered strategy (domain and plugins) on seeded skewed clusters of each size and prints a Markdown
/// table; progress goes to stderr. Usage: <c>dotnet run --project bench/Watcher.Benchmarks -c Release -- [--quick] [--out FILE]</c>;
/// <c>-- analysis …</c> runs the time-series analysis benchmark instead (<see cref="AnalysisBench"/>), <c>-- store …</c> the API and audit benchmark on Azurite (<see cref="StoreBench"/>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "store")
        {
            return StoreBench.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == "analysis")
        {
            try
            {
                return AnalysisBench.Run(args[1..]);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                Console.Error.WriteLine("error: " + ex.Message);
                return 2;
            }
        }

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            return 2;
        }

        var catalog = StrategyCatalog.Default;
        var strategies = catalog.Strategies.All
            .Where(s => options.Strategies.Count == 0 || options.Strategies.Contains(s.Name, StringComparer.Ordinal))
            .ToList();
        var planners = catalog.Planners.Names.Order(StringComparer.Ordinal).ToList();
        var rows = new List<StrategyMeasurement>();
        foreach (var size in options.Sizes)
        {
            var cluster = SkewedClusterGenerator.Generate(size, options.InstancesPerHost, options.Seed, options.Skew);

            // Build the model's lazy lookup indexes now, so the first strategy measured does not pay for them.
            cluster.FindNode(string.Empty);
            cluster.FindInstance(string.Empty);
            cluster.InstancesOn(string.Empty);
            cluster.FindPool(string.Empty);
            cluster.FindVolume(string.Empty);
            cluster.VolumesIn(string.Empty);
            var ffd = new Lazy<FfdOutcome>(() =>
            {
                var outcome = FfdBaseline.Run(cluster);
                var problems = PlanVerifier.Verify(cluster, outcome.Migrations);
                Console.Error.WriteLine($"  FFD baseline: {outcome.ReleasedHosts} hosts released, {outcome.Migrations.Count} migrations, verifier {(problems.Count == 0 ? "ok" : string.Join("; ", problems.Take(3)))}");
                return outcome;
            });
            var ffdLive = new Lazy<FfdOutcome>(() => FfdBaseline.Run(cluster, liveOnly: true));
            Console.Error.WriteLine($"{size} hosts, {cluster.Instances.Count} instances, {cluster.Hosts.Count(h => cluster.InstancesOn(h.Uuid).Count == 0)} empty hosts");
            foreach (var strategy in strategies)
            {
                var row = StrategyBench.Measure(strategy, cluster, catalog, options, ffd, ffdLive);
                rows.Add(row);
                Console.Error.WriteLine(row.Skipped is null
                    ? $"  {strategy.Name,-28} {row.MedianMs,10:0.0} ms  {row.Actions,6} actions  released {row.ReleasedHosts}  over {row.OverCapacityHosts}  verifier {row.VerifierProblems}"
                    : $"  {strategy.Name,-28} skipped: {row.Skipped}");
            }
        }

        var header = string.Create(CultureInfo.InvariantCulture,
            $"Seeded skewed clusters (seed {options.Seed}, skew {options.Skew}, {options.InstancesPerHost} instances per host){(options.Quick ? ", quick mode" : string.Empty)}; " +
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {RuntimeInformation.OSDescription}; {catalog.Strategies.All.Count} strategies " +
            $"({string.Join(", ", catalog.Assemblies.Select(a => a.GetName().Name))}), planners {string.Join(", ", planners)} (default {catalog.Planners.DefaultName}).");
        var report = MarkdownReport.Render(rows, planners, header);
        Console.Out.Write(report);
        if (options.OutFile is not null)
        {
            File.WriteAllText(options.OutFile, report);
        }

        var unsafePlans = rows.Count(r => r.Skipped is null && (r.OverCapacityHosts > 0 || r.VerifierProblems > 0));
        if (unsafePlans > 0)
        {
            Console.Error.WriteLine($"{unsafePlans} plan(s) left hosts over capacity or failed PlanVerifier.");
        }

        return unsafePlans > 0 ? 1 : 0;
    }
}
