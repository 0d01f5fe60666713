namespace Watcher.Prometheus;

/// <summary>How Prometheus names one Watcher resource: the label value, and the instance's vCPUs when known.</summary>
public sealed record PrometheusTarget(string LabelValue, int? VCpus = null);
