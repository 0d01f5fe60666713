using Watcher.Domain.Metrics;
using Watcher.Domain.Strategies.Consolidation;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// The consolidation strategies' <c>avoid_coinciding_peaks</c>: each instance's hour-of-week
/// <c>instance_cpu_usage</c> profile from four weeks of hourly history, and a veto on moving an instance onto a host
/// that already holds (or has just been given) an instance whose weekly peaks coincide with its own (peak coincidence at
/// or above <c>peak_coincidence</c>). Instances that already share a host are left together; instances without history
/// are never vetoed.
/// </summary>
internal sealed class CoincidingPeaks
{
    /// <summary>The metric whose weekly profile is compared.</summary>
    public const string Metric = MetricNames.InstanceCpuUsage;

    /// <summary>History read when the option is on.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromDays(28);

    /// <summary>Step of that history.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromHours(1);

    private readonly Dictionary<string, double[]> _profiles;
    private readonly double _threshold;
    private readonly Dictionary<(string, string), bool> _pairs = [];

    private CoincidingPeaks(Dictionary<string, double[]> profiles, double threshold)
    {
        _profiles = profiles;
        _threshold = threshold;
    }

    /// <summary>The history the option needs, or null when it is off.</summary>
    public static HistoryRequirement? Requirement(bool avoid) => avoid ? new HistoryRequirement([Metric], Period, Step) : null;

    /// <summary>The guard when the option is on (null otherwise), with a warning naming the metric when history is missing.</summary>
    public static CoincidingPeaks? Create(StrategyContext context, bool avoid, double threshold, List<string> warnings)
    {
        if (!avoid)
        {
            return null;
        }

        var profiles = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var considered = 0;
        foreach (var instance in context.Cluster.Instances)
        {
            if (context.Cluster.FindNode(instance.HostUuid) is not { } node || !context.Scope.IsNodeInScope(node))
            {
                continue;
            }

            considered++;
            if (context.History.Series(MetricResource.Instance, instance.Uuid, Metric) is { } series
                && WeeklyProfiles.HourOfWeekMean(series) is var profile && WeeklyProfiles.HasData(profile))
            {
                profiles[instance.Uuid] = profile;
            }
        }

        if (considered > 0 && profiles.Count == 0)
        {
            warnings.Add($"avoid_coinciding_peaks: no {Metric} history for any of the {considered} instance(s) in scope, so weekly peaks could not be compared and instances were packed without that check.");
        }
        else if (profiles.Count < considered)
        {
            warnings.Add($"avoid_coinciding_peaks: {considered - profiles.Count} instance(s) have no {Metric} history; their peaks were not compared.");
        }

        return new CoincidingPeaks(profiles, threshold);
    }

    /// <summary>Makes the ledger's fit queries refuse hosts holding an instance whose peaks coincide with the one being placed.</summary>
    public void Guard(ConsolidationLedger ledger) => ledger.Allow = (instance, host) => Allows(ledger, instance, host);

    /// <summary>True when two instances' weekly peaks coincide (cached).</summary>
    public bool Coincide(string a, string b)
    {
        if (!_profiles.TryGetValue(a, out var pa) || !_profiles.TryGetValue(b, out var pb))
        {
            return false;
        }

        var key = string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
        if (!_pairs.TryGetValue(key, out var coincide))
        {
            coincide = WeeklyProfiles.PeakCoincidence(pa, pb) >= _threshold;
            _pairs[key] = coincide;
        }

        return coincide;
    }

    private bool Allows(ConsolidationLedger ledger, int instance, int host)
    {
        var uuid = ledger.Instance(instance).Uuid;
        if (!_profiles.ContainsKey(uuid))
        {
            return true;
        }

        foreach (var other in ledger.InstancesOn(host))
        {
            if (other != instance && Coincide(uuid, ledger.Instance(other).Uuid))
            {
                return false;
            }
        }

        return true;
    }
}
