namespace Watcher.AzureMonitor;

/// <summary>Which Azure Monitor metric serves one Watcher metric, with which aggregation and conversion.</summary>
public sealed record AzureMetricMapping
{
    /// <summary>The Azure metric name, e.g. <c>Percentage CPU</c>.</summary>
    public string MetricName { get; init; } = "";

    /// <summary>The metric namespace (e.g. <c>Microsoft.Compute/virtualMachines</c>); null for the resource type's default.</summary>
    public string? MetricNamespace { get; init; }

    /// <summary><c>Average</c>, <c>Minimum</c>, <c>Maximum</c>, <c>Total</c> or <c>Count</c>.</summary>
    public string Aggregation { get; init; } = "Average";

    public AzureMetricConversion Conversion { get; init; } = AzureMetricConversion.None;

    /// <summary>Factor applied after <see cref="Conversion"/> (e.g. 1/1048576 for bytes to MB).</summary>
    public double Scale { get; init; } = 1;

    /// <summary>Convenience factory.</summary>
    public static AzureMetricMapping Of(string metricName, AzureMetricConversion conversion = AzureMetricConversion.None, string aggregation = "Average") =>
        new() { MetricName = metricName, Conversion = conversion, Aggregation = aggregation };
}
