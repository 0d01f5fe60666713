using Watcher.Domain.Cluster;

namespace Watcher.Simulator;

/// <summary>
/// The simulator's physical host model: hosts sit in racks of <see cref="RackSize"/> (consecutive in hostname order);
/// rack 0 is the hot rack (inlet about 7 °C warmer). Power, outlet temperature and airflow follow CPU utilisation:
/// <list type="bullet">
/// <item>power (W) = idle + (max − idle) × cpu, idle = 90 + 1.5 W per vCPU, max = idle + 3.5 W per vCPU;</item>
/// <item>outlet (°C) = inlet + 4 + 16 × cpu;</item>
/// <item>airflow (0.1 CFM) = 150 + 250 × cpu + 12 × (inlet − 22).</item>
/// </list>
/// With Watcher's defaults (airflow 400, inlet 28 °C, power 350 W, outlet 35 °C) busy hosts of the hot rack are over the
/// airflow and outlet thresholds and the other racks are under them.
/// </summary>
internal static class HostPhysics
{
    public const int RackSize = 5;
    public const int HotRack = 0;

    /// <summary>Rack index of every host: position in hostname order / <see cref="RackSize"/>.</summary>
    public static Dictionary<string, int> Racks(IEnumerable<ComputeNode> hosts) =>
        hosts.OrderBy(h => h.Hostname, StringComparer.Ordinal).ThenBy(h => h.Uuid, StringComparer.Ordinal)
            .Select((h, i) => (h.Uuid, Rack: i / RackSize))
            .ToDictionary(x => x.Uuid, x => x.Rack, StringComparer.Ordinal);

    /// <summary>The mean inlet temperature of a rack, °C: 21–23 °C, the hot rack 28–30 °C.</summary>
    public static double InletBase(int seed, int rack) =>
        21 + (2 * SeededNoise.Unit(SeededNoise.Hash(seed, "rack"), rack)) + (rack == HotRack ? 7 : 0);

    public static double Power(ComputeNode host, double cpuPercent)
    {
        var idle = 90 + (1.5 * host.VCpus);
        return idle + (3.5 * host.VCpus * Math.Clamp(cpuPercent, 0, 100) / 100);
    }

    public static double Outlet(double inlet, double cpuPercent) => inlet + 4 + (16 * Math.Clamp(cpuPercent, 0, 100) / 100);

    public static double Airflow(double inlet, double cpuPercent) => 150 + (250 * Math.Clamp(cpuPercent, 0, 100) / 100) + (12 * (inlet - 22));
}
