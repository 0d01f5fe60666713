namespace Watcher.Simulator;

/// <summary>
/// A planted co-peaking group (ground truth of the simulator's history): instances spread over a few hosts that all run a
/// batch job in the same hours of every week, so those hosts exceed <see cref="ExpectedHostPeak"/> during the window while
/// their mean stays moderate.
/// </summary>
public sealed record CoPeakingGroup
{
    /// <summary>A name for the job, e.g. <c>monday-batch</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The instances that peak together, in planting order.</summary>
    public required IReadOnlyList<string> InstanceUuids { get; init; }

    /// <summary>The hosts the members were on when the group was planted (the initial placement), and the members on each.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> MembersByHost { get; init; }

    /// <summary>The first hour of the weekly window, counted from Monday 00:00 UTC (0 = Monday 00:00, 24 = Tuesday 00:00).</summary>
    public required int StartHourOfWeek { get; init; }

    /// <summary>How many hours the window lasts.</summary>
    public required int Hours { get; init; }

    /// <summary>The CPU utilisation (%) each member runs at during the window (the amplitude of the planted peak).</summary>
    public required double PeakCpu { get; init; }

    /// <summary>The host CPU utilisation (%) each host in <see cref="MembersByHost"/> was planted to reach during the window (at least this, before noise).</summary>
    public required double ExpectedHostPeak { get; init; }

    /// <summary>Whether an hour of the week (Monday 00:00 UTC = 0) falls in the window.</summary>
    public bool Covers(int hourOfWeek) => ((hourOfWeek - StartHourOfWeek + 168) % 168) < Hours;
}
