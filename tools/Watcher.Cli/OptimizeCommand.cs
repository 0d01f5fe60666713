using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Metrics;
using Watcher.Domain.Metrics.Storage;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;

namespace Watcher.Cli;

/// <summary>
/// <c>optimize --snapshot FILE --strategy NAME [--param key=value ...] [--planner NAME] [--repeat N] [--json]</c>:
/// loads and validates a snapshot (and its optional <c>series</c>, the raw history history-based strategies read), resolves the parameters through the strategy's schema, runs the strategy (N times
/// in this process with <c>--repeat</c>, timing each) and the planner on the first run's result, verifies the plan
/// with <see cref="PlanVerifier"/> and prints it with the cold (first) and best warm solve times.
/// </summary>
public static class OptimizeCommand
{
    public static Command Create(StrategyCatalog catalog, TextWriter output)
    {
        var snapshot = new Option<string>("--snapshot", "-s") { Description = "Snapshot file ({\"hosts\": [...], \"instances\": [...]}, see docs/snapshot-format.md).", Required = true };
        var strategy = new Option<string>("--strategy") { Description = "Strategy name (see the strategies command).", Required = true };
        var parameters = new Option<string[]>("--param", "-p")
        {
            Description = "A strategy parameter KEY=VALUE; VALUE is parsed as JSON when it parses, else taken as a string. Repeatable.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var planner = new Option<string?>("--planner") { Description = "Planner name (default: the one the strategy asks for, else the registry's default)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables." };
        var repeat = new Option<int>("--repeat", "-n")
        {
            Description = "Run the strategy N times in this process and report the first (cold) and the best warm solve time; the plan is the first run's.",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command("optimize", "Run a strategy on a snapshot and print the verified action plan.")
        {
            snapshot, strategy, parameters, planner, repeat, json,
        };
        command.SetAction(parse =>
        {
            var runs = parse.GetValue(repeat);
            if (runs < 1)
            {
                throw new CliUsageException("--repeat must be at least 1.");
            }

            var loaded = LoadSnapshotWithSeries(parse.GetValue(snapshot)!);
            var outcome = Run(
                catalog,
                loaded.Cluster,
                parse.GetValue(strategy)!,
                ParameterArguments.Parse(parse.GetValue(parameters) ?? []),
                parse.GetValue(planner),
                runs,
                loaded.History);
            if (parse.GetValue(json))
            {
                OptimizeReport.WriteJson(output, outcome);
            }
            else
            {
                OptimizeReport.WriteTable(output, outcome);
            }

            if (outcome.Violations.Count > 0)
            {
                throw new UnsafePlanException(outcome.Violations);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Reads and validates a snapshot file; every problem is a <see cref="CliUsageException"/>.</summary>
    public static ClusterModel LoadSnapshot(string path) => LoadSnapshotWithSeries(path).Cluster;

    /// <summary>
    /// Reads and validates a snapshot file with its optional <c>series</c> section (raw history for history-based
    /// strategies, docs/snapshot-format.md); every problem is a <see cref="CliUsageException"/>.
    /// </summary>
    public static LoadedSnapshot LoadSnapshotWithSeries(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"Snapshot file '{path}' does not exist.");
        }

        ClusterModel cluster;
        SnapshotSeries? series = null;
        try
        {
            var text = File.ReadAllText(path);
            cluster = JsonSerializer.Deserialize(text, SnapshotJsonContext.Default.ClusterModel)
                ?? throw new JsonException("The snapshot is null.");
            // Only files that have a series section pay for reading it.
            if (text.Contains("\"series\"", StringComparison.Ordinal))
            {
                series = JsonSerializer.Deserialize(text, SnapshotJsonContext.Default.SnapshotSeriesDocument)?.Series;
            }
        }
        catch (JsonException ex)
        {
            throw new CliUsageException($"Snapshot '{path}' is not a valid snapshot: {ex.Message}");
        }

        if (cluster.Hosts is null || cluster.Instances is null)
        {
            throw new CliUsageException($"Snapshot '{path}' must have \"hosts\" and \"instances\" lists.");
        }

        var problems = cluster.Validate();
        if (problems.Count > 0)
        {
            throw new CliUsageException($"Snapshot '{path}' is inconsistent: {string.Join("; ", problems.Take(10))}{(problems.Count > 10 ? $" (and {problems.Count - 10} more)" : string.Empty)}.");
        }

        if (series is null)
        {
            return new LoadedSnapshot(cluster, new MetricsHistory());
        }

        var seriesProblems = series.Validate(cluster);
        if (seriesProblems.Count > 0)
        {
            throw new CliUsageException($"Snapshot '{path}' has a bad series section: {string.Join("; ", seriesProblems.Take(10))}{(seriesProblems.Count > 10 ? $" (and {seriesProblems.Count - 10} more)" : string.Empty)}.");
        }

        return new LoadedSnapshot(cluster, series.ToHistory());
    }

    /// <summary>
    /// Resolves parameters, runs the strategy <paramref name="repeat"/> times (each timed, each on a fresh context, with the
    /// snapshot's raw <paramref name="history"/> when it had a series section), plans the first run's result and verifies the plan.
    /// </summary>
    public static OptimizeOutcome Run(StrategyCatalog catalog, ClusterModel cluster, string strategyName, System.Text.Json.Nodes.JsonObject parameters, string? plannerName, int repeat = 1, IMetricsHistory? history = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeat, 1);
        var strategy = catalog.Strategies.Find(strategyName)
            ?? throw new CliUsageException($"Unknown strategy '{strategyName}'. Known strategies: {string.Join(", ", catalog.Strategies.All.Select(s => s.Name))}.");
        if (plannerName is not null && !catalog.Planners.Names.Contains(plannerName))
        {
            throw new CliUsageException($"Unknown planner '{plannerName}'. Known planners: {string.Join(", ", catalog.Planners.Names.Order(StringComparer.Ordinal))}.");
        }

        var resolved = Validate(() => strategy.Parameters.Resolve(parameters, strategy.Name));
        var times = new List<double>(repeat);
        var result = Timed(strategy, cluster, resolved, history, times);
        for (var run = 1; run < repeat; run++)
        {
            Timed(strategy, cluster, (System.Text.Json.Nodes.JsonObject)resolved.DeepClone(), history, times);
        }

        var planner = catalog.ResolvePlanner(plannerName, result.Planner, cluster);
        var plan = planner.Plan(result.Actions);
        var violations = PlanVerifier.Verify(cluster, plan.Select(p => p.Action).ToList());
        return new OptimizeOutcome(strategy, planner.Name, result, plan, SolveTiming.Of(times), violations);
    }

    /// <summary>One run of the strategy on a fresh context; its time (Execute only) is added to <paramref name="times"/>.</summary>
    private static StrategyResult Timed(IStrategy strategy, ClusterModel cluster, System.Text.Json.Nodes.JsonObject parameters, IMetricsHistory? history, List<double> times)
    {
        var context = new StrategyContext(cluster, parameters, history: history);
        var watch = Stopwatch.StartNew();
        var result = Validate(() => strategy.Execute(context));
        watch.Stop();
        times.Add(watch.Elapsed.TotalMilliseconds);
        return result;
    }

    private static T Validate<T>(Func<T> step)
    {
        try
        {
            return step();
        }
        catch (ValidationException ex)
        {
            throw new CliUsageException(ex.Message);
        }
    }
}
