namespace Watcher.Prometheus;

/// <summary>
/// How one Watcher metric is computed in PromQL. <see cref="Template"/> is a range-query expression with placeholders
/// the adapter fills per request: <c>$selector</c> (the resource matcher, e.g. <c>fqdn=~"a|b"</c>, to put inside a
/// metric's braces), <c>$label</c> (the label naming the resource, for <c>by ($label)</c>), <c>$window</c> (the range of
/// <c>rate</c>/<c>*_over_time</c>, e.g. <c>300s</c>) and <c>$step</c> (the query step, e.g. <c>60s</c>). The expression
/// must return at most one series per resource, carrying <c>$label</c>, in Watcher's unit for the metric.
/// </summary>
public sealed record PrometheusMetricQuery
{
    /// <summary>The PromQL template.</summary>
    public string Template { get; init; } = "";

    /// <summary>
    /// The label naming the resource in this query's result, overriding <see cref="PrometheusOptions.HostLabel"/> or
    /// <see cref="PrometheusOptions.InstanceLabel"/>; null to use the option.
    /// </summary>
    public string? Label { get; init; }

    /// <summary>
    /// Divide each value by the instance's vCPU count (from the resolver; 1 when unknown, as Watcher assumes). Watcher's
    /// <c>ceilometer_cpu</c> query needs this because the counter is CPU time summed over all vCPUs.
    /// </summary>
    public bool DivideByVCpus { get; init; }

    /// <summary>Upper bound applied to every value after conversion (Watcher clamps instance CPU at 100 %); null for none.</summary>
    public double? ClampMax { get; init; }

    /// <summary>Convenience factory.</summary>
    public static PrometheusMetricQuery Of(string template, bool divideByVCpus = false, double? clampMax = null, string? label = null) =>
        new() { Template = template, DivideByVCpus = divideByVCpus, ClampMax = clampMax, Label = label };
}
