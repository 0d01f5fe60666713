using System.Globalization;
using System.Text;

namespace Watcher.Prometheus.Tests;

/// <summary>
/// Six hours of 1-minute samples from node_exporter, Ceilometer (sg-core) and a libvirt exporter for three hosts and
/// four instances, with a daily-ish sine load, written as OpenMetrics for <c>promtool tsdb create-blocks-from openmetrics</c>.
/// The same functions give the values a query should return.
/// </summary>
public sealed class SyntheticExporterData
{
    public const int Minutes = 360;
    public const int HostCpus = 4;

    private static readonly double[] CpuWeights = [0.7, 0.9, 1.1, 1.3];

    public SyntheticExporterData(DateTimeOffset last) => Last = last;

    /// <summary>Host uuid, Watcher hostname, the <c>fqdn</c> label in Prometheus, RAM bytes.</summary>
    public IReadOnlyList<(string Uuid, string Hostname, string Fqdn, long MemTotal)> Hosts { get; } =
    [
        ("host-uuid-1", "compute-1", "compute-1.example.org", 64L << 30),
        ("host-uuid-2", "compute-2.example.org", "compute-2.example.org", 128L << 30),
        ("host-uuid-3", "compute-3", "compute-3", 32L << 30),
    ];

    /// <summary>Instance uuid, libvirt domain name, vCPUs, flavor RAM MB.</summary>
    public IReadOnlyList<(string Uuid, string Domain, int VCpus, int MemoryMb)> Instances { get; } =
    [
        ("6f1c0f6a-0000-4000-8000-000000000001", "instance-00000001", 2, 4096),
        ("6f1c0f6a-0000-4000-8000-000000000002", "instance-00000002", 4, 8192),
        ("6f1c0f6a-0000-4000-8000-000000000003", "instance-00000003", 1, 2048),
        ("6f1c0f6a-0000-4000-8000-000000000004", "instance-00000004", 8, 16384),
    ];

    /// <summary>The last sample's time (whole minute); the first is <see cref="Minutes"/> earlier.</summary>
    public DateTimeOffset Last { get; }

    public DateTimeOffset First => Last.AddMinutes(-Minutes);

    /// <summary>Host CPU busy % at a time: a daily sine with a per-host phase.</summary>
    public static double HostCpu(int host, DateTimeOffset t) => 40 + (25 * Math.Sin(Daily(t) + host));

    /// <summary>Host MemAvailable share.</summary>
    public static double HostAvailableShare(int host, DateTimeOffset t) => 0.5 + (0.2 * Math.Sin(Daily(t) + (2 * host)));

    /// <summary>Instance CPU busy % of its vCPUs.</summary>
    public static double InstanceCpu(int instance, DateTimeOffset t) => 30 + (20 * Math.Sin(Daily(t) + (0.7 * instance)));

    /// <summary>Instance RAM used, MB, as a share of its flavor.</summary>
    public double InstanceRamMb(int instance, DateTimeOffset t) => Math.Round(Instances[instance].MemoryMb * (0.6 + (0.25 * Math.Sin(Daily(t) + instance))));

    /// <summary>Expected rate-based CPU % at <paramref name="at"/> over a 5-minute window: the mean of the per-minute loads.</summary>
    public static double ExpectedRate(Func<DateTimeOffset, double> load, DateTimeOffset at) =>
        Enumerable.Range(1, 5).Average(k => load(at.AddMinutes(-k)));

    /// <summary>Expected <c>avg_over_time</c> over a 5-minute window (samples at both ends included).</summary>
    public static double ExpectedAverage(Func<DateTimeOffset, double> value, DateTimeOffset at) =>
        Enumerable.Range(0, 6).Average(k => value(at.AddMinutes(-k)));

    public string ToOpenMetrics()
    {
        var sb = new StringBuilder(4 << 20);
        var times = Enumerable.Range(0, Minutes + 1).Select(i => First.AddMinutes(i)).ToArray();

        sb.Append("# TYPE node_cpu_seconds counter\n");
        for (var h = 0; h < Hosts.Count; h++)
        {
            for (var cpu = 0; cpu < HostCpus; cpu++)
            {
                var host = h;
                var weight = CpuWeights[cpu];
                Counter(sb, $"node_cpu_seconds_total{{cpu=\"{cpu}\",fqdn=\"{Hosts[h].Fqdn}\",instance=\"10.0.0.{h + 1}:9100\",job=\"node\",mode=\"idle\"}}",
                    times, 1e6, t => 60 * (1 - (HostCpu(host, t) * weight / 100)));
                Counter(sb, $"node_cpu_seconds_total{{cpu=\"{cpu}\",fqdn=\"{Hosts[h].Fqdn}\",instance=\"10.0.0.{h + 1}:9100\",job=\"node\",mode=\"user\"}}",
                    times, 5e5, t => 60 * HostCpu(host, t) * weight / 100);
            }
        }

        sb.Append("# TYPE node_memory_MemTotal_bytes gauge\n");
        for (var h = 0; h < Hosts.Count; h++)
        {
            var total = Hosts[h].MemTotal;
            Gauge(sb, $"node_memory_MemTotal_bytes{{fqdn=\"{Hosts[h].Fqdn}\",instance=\"10.0.0.{h + 1}:9100\",job=\"node\"}}", times, _ => total);
        }

        sb.Append("# TYPE node_memory_MemAvailable_bytes gauge\n");
        for (var h = 0; h < Hosts.Count; h++)
        {
            var host = h;
            Gauge(sb, $"node_memory_MemAvailable_bytes{{fqdn=\"{Hosts[h].Fqdn}\",instance=\"10.0.0.{h + 1}:9100\",job=\"node\"}}", times, t => HostAvailableBytes(host, t));
        }

        sb.Append("# TYPE ceilometer_cpu gauge\n");
        for (var i = 0; i < Instances.Count; i++)
        {
            var instance = i;
            var vcpus = Instances[i].VCpus;
            Counter(sb, $"ceilometer_cpu{{project=\"p1\",resource=\"{Instances[i].Uuid}\",type=\"ns\",unit=\"ns\"}}", times, 3e12, t => 60e9 * vcpus * InstanceCpu(instance, t) / 100);
        }

        sb.Append("# TYPE ceilometer_memory_usage gauge\n");
        for (var i = 0; i < Instances.Count; i++)
        {
            var instance = i;
            Gauge(sb, $"ceilometer_memory_usage{{project=\"p1\",resource=\"{Instances[i].Uuid}\",unit=\"MB\"}}", times, t => InstanceRamMb(instance, t));
        }

        sb.Append("# TYPE libvirt_domain_info_cpu_time_seconds counter\n");
        for (var i = 0; i < Instances.Count; i++)
        {
            var instance = i;
            var vcpus = Instances[i].VCpus;
            Counter(sb, $"libvirt_domain_info_cpu_time_seconds_total{{domain=\"{Instances[i].Domain}\",uuid=\"{Instances[i].Uuid}\"}}", times, 3000, t => 60.0 * vcpus * InstanceCpu(instance, t) / 100);
        }

        sb.Append("# TYPE libvirt_domain_info_virtual_cpus gauge\n");
        for (var i = 0; i < Instances.Count; i++)
        {
            var vcpus = Instances[i].VCpus;
            Gauge(sb, $"libvirt_domain_info_virtual_cpus{{domain=\"{Instances[i].Domain}\",uuid=\"{Instances[i].Uuid}\"}}", times, _ => vcpus);
        }

        sb.Append("# TYPE libvirt_domain_info_memory_usage_bytes gauge\n");
        for (var i = 0; i < Instances.Count; i++)
        {
            var instance = i;
            Gauge(sb, $"libvirt_domain_info_memory_usage_bytes{{domain=\"{Instances[i].Domain}\",uuid=\"{Instances[i].Uuid}\"}}", times, t => InstanceRamMb(instance, t) * 1048576);
        }

        sb.Append("# TYPE libvirt_domain_info_maximum_memory_bytes gauge\n");
        for (var i = 0; i < Instances.Count; i++)
        {
            var bytes = Instances[i].MemoryMb * 1048576.0;
            Gauge(sb, $"libvirt_domain_info_maximum_memory_bytes{{domain=\"{Instances[i].Domain}\",uuid=\"{Instances[i].Uuid}\"}}", times, _ => bytes);
        }

        sb.Append("# EOF\n");
        return sb.ToString();
    }

    public double HostAvailableBytes(int host, DateTimeOffset t) => Math.Round(Hosts[host].MemTotal * HostAvailableShare(host, t));

    private static double Daily(DateTimeOffset t) => 2 * Math.PI * t.ToUnixTimeSeconds() / 86400.0;

    /// <summary>A counter whose increase from sample k to k+1 is <paramref name="increment"/>(t_k).</summary>
    private static void Counter(StringBuilder sb, string series, DateTimeOffset[] times, double start, Func<DateTimeOffset, double> increment)
    {
        var value = start;
        for (var k = 0; k < times.Length; k++)
        {
            Sample(sb, series, value, times[k]);
            value += increment(times[k]);
        }
    }

    private static void Gauge(StringBuilder sb, string series, DateTimeOffset[] times, Func<DateTimeOffset, double> value)
    {
        foreach (var t in times)
        {
            Sample(sb, series, value(t), t);
        }
    }

    private static void Sample(StringBuilder sb, string series, double value, DateTimeOffset at) =>
        sb.Append(series).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append(' ')
            .Append(at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)).Append('\n');
}
