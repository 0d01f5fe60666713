using Azure.Core;

namespace Watcher.AzureMonitor;

/// <summary>
/// Configuration of <see cref="AzureMonitorMetricsSource"/>; also the Azure.Core client options (<see cref="ClientOptions.Retry"/>,
/// <see cref="ClientOptions.Transport"/>, diagnostics), so throttling (429 with Retry-After) is retried by the pipeline first.
/// </summary>
public sealed class AzureMonitorOptions : ClientOptions
{
    /// <summary>Azure Resource Manager endpoint (another for sovereign clouds).</summary>
    public Uri Endpoint { get; set; } = new("https://management.azure.com/");

    /// <summary>Token scope for <see cref="Endpoint"/>.</summary>
    public string Scope { get; set; } = "https://management.azure.com/.default";

    public string ApiVersion { get; set; } = "2023-10-01";

    /// <summary>Resources queried at once (one GET per resource and metric).</summary>
    public int MaxConcurrentRequests { get; set; } = 8;

    /// <summary>A resource Azure reports as <c>ResourceNotFound</c> (deleted VM) gets no series; false to throw <see cref="AzureMonitorResourceNotFoundException"/>.</summary>
    public bool SkipMissingResources { get; set; } = true;

    /// <summary>Watcher metric → Azure metric; starts as <see cref="AzureMetricMappings.VirtualMachines"/>. Metrics without an entry return no series.</summary>
    public IDictionary<string, AzureMetricMapping> Metrics { get; set; } =
        new Dictionary<string, AzureMetricMapping>(AzureMetricMappings.VirtualMachines, StringComparer.Ordinal);
}
