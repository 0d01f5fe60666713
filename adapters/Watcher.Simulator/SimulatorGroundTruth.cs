namespace Watcher.Simulator;

/// <summary>
/// What the simulator planted in its history, for tests to use as an oracle: the co-peaking groups and the hot rack.
/// A pure function of the initial cluster and the seed, so it does not change as instances migrate.
/// </summary>
public sealed record SimulatorGroundTruth
{
    /// <summary>The weekly co-peaking groups, in planting order (possibly empty on a cluster with no suitable hosts).</summary>
    public required IReadOnlyList<CoPeakingGroup> Groups { get; init; }

    /// <summary>The hosts of the hot rack: inlet temperature about 7 °C above the others (drives outlet_temp_control and uniform_airflow).</summary>
    public required IReadOnlyList<string> HotRackHosts { get; init; }

    /// <summary>Hosts per rack (racks are consecutive hosts in hostname order).</summary>
    public int RackSize { get; init; } = HostPhysics.RackSize;
}
