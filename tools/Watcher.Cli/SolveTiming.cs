namespace Watcher.Cli;

/// <summary>
/// How long the strategy took over the runs of one <c>optimize</c> (<c>--repeat N</c>): the first run pays for JIT,
/// type loading and first-touch caches (cold); the later ones show the steady state (warm).
/// </summary>
/// <param name="Runs">How many times the strategy ran in this process.</param>
/// <param name="ColdMs">The first run's time in milliseconds.</param>
/// <param name="BestWarmMs">The fastest of the later runs, or null with one run.</param>
public sealed record SolveTiming(int Runs, double ColdMs, double? BestWarmMs)
{
    /// <summary>The timing of runs whose times are <paramref name="runMs"/>, in order (at least one).</summary>
    public static SolveTiming Of(IReadOnlyList<double> runMs)
    {
        ArgumentNullException.ThrowIfNull(runMs);
        if (runMs.Count == 0)
        {
            throw new ArgumentException("At least one run is needed.", nameof(runMs));
        }

        return new SolveTiming(runMs.Count, runMs[0], runMs.Count > 1 ? runMs.Skip(1).Min() : null);
    }
}
