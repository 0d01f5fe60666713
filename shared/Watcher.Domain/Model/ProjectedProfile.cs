namespace Watcher.Domain.Model;

/// <summary>
/// A host's projected hour-of-week load (168 values, index 0 = Monday 00:00 UTC) before and after a plan, and the
/// threshold the strategy kept it under; history-based strategies (periodic_contention_balance) record one per host
/// they looked at, and the dashboard draws them.
/// </summary>
public sealed record ProjectedProfile(string HostUuid, string Hostname, string Metric, double[] Before, double[] After, double Threshold);
