using System.Globalization;

namespace Watcher.Benchmarks;

/// <summary>Command-line options of the benchmark runner.</summary>
public sealed record BenchOptions
{
    public IReadOnlyList<int> Sizes { get; init; } = [100, 1000, 10000];

    public int InstancesPerHost { get; init; } = 4;

    public int Seed { get; init; } = 42;

    public double Skew { get; init; } = 1.0;

    public bool Quick { get; init; }

    /// <summary>Timed runs per size; null: 7 / 5 / 3 (quick: 3 / 3 / 1) for small / 1,000-host / 10,000-host clusters.</summary>
    public int? Runs { get; init; }

    /// <summary>Stop timing one strategy at one size after this many seconds (at least one timed run is always made).</summary>
    public double BudgetSeconds { get; init; } = 90;

    /// <summary>Only these strategies (all when empty).</summary>
    public IReadOnlyList<string> Strategies { get; init; } = [];

    public string? OutFile { get; init; }

    public int RunsFor(int hosts) => Runs ?? (hosts >= 10000 ? (Quick ? 1 : 3) : hosts >= 1000 ? (Quick ? 3 : 5) : (Quick ? 3 : 7));

    /// <summary>Warm-up runs (JIT, lazy indexes): none at 10,000 hosts in quick mode, where the smaller sizes ran first.</summary>
    public int WarmupsFor(int hosts) => Quick && hosts >= 10000 ? 0 : 1;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--quick" => options with { Quick = true },
                "--sizes" => options with { Sizes = Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList() },
                "--instances-per-host" => options with { InstancesPerHost = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seed" => options with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--skew" => options with { Skew = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--runs" => options with { Runs = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--budget-seconds" => options with { BudgetSeconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--strategy" => options with { Strategies = Next().Split(',') },
                "--out" => options with { OutFile = Next() },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Options: --quick --sizes 100,1000,10000 --instances-per-host 4 --seed 42 --skew 1.0 --runs N --budget-seconds S --strategy a,b --out FILE"),
            };
        }

        return options;
    }
}
