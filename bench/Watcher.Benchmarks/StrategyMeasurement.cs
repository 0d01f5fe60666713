namespace Watcher.Benchmarks;

/// <summary>One strategy at one cluster size: timing, allocations, plan shape and safety checks.</summary>
public sealed record StrategyMeasurement
{
    public required string Strategy { get; init; }
    public required string Goal { get; init; }
    public required int Hosts { get; init; }
    public required int Instances { get; init; }

    /// <summary>Why the strategy did not run (a parameter it needs, an exception), or null.</summary>
    public string? Skipped { get; init; }

    public int Runs { get; init; }
    public double MedianMs { get; init; }
    public double MinMs { get; init; }

    /// <summary>Managed bytes allocated by one run (median over runs), all threads.</summary>
    public long AllocatedBytes { get; init; }

    public int Actions { get; init; }
    public int Migrations { get; init; }
    public int ReleasedHosts { get; init; }

    /// <summary>The FFD baseline's released hosts, for server_consolidation strategies; null otherwise.</summary>
    public int? FfdReleasedHosts { get; init; }

    /// <summary>The baseline's released hosts when only active instances may move (live migration only).</summary>
    public int? FfdLiveReleasedHosts { get; init; }

    public int OverCapacityHosts { get; init; }
    public int VerifierProblems { get; init; }

    /// <summary>Critical-path length (unit durations) of the plan each planner builds, by planner name.</summary>
    public IReadOnlyDictionary<string, double> Makespan { get; init; } = new Dictionary<string, double>();
}
