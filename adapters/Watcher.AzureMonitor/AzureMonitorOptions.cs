using Azure.Core;

namespace Watcher.AzureMonitor;

/// <summary>
/// Configuration of <see cref="AzureMonitorMetricsSource"/> (section <c>Watcher:AzureMonitor</c>); also the Azure.Core
/// client options (<see cref="ClientOptions.Retry"/>, <see cref="ClientOptions.Transport"/>, diagnostics), so throttling
/// (429, and the metrics data plane's 529, with Retry-After) is retried by the pipeline with exponential backoff first.
/// </summary>
public sealed class AzureMonitorOptions : ClientOptions
{
    /// <summary>The most resources the <c>metrics:getBatch</c> API accepts in one call.</summary>
    public const int BatchResourceLimit = 50;

    /// <summary>Azure Resource Manager endpoint (another for sovereign clouds).</summary>
    public Uri Endpoint { get; set; } = new("https://management.azure.com/");

    /// <summary>Token scope for <see cref="Endpoint"/>.</summary>
    public string Scope { get; set; } = "https://management.azure.com/.default";

    public string ApiVersion { get; set; } = "2023-10-01";

    /// <summary>
    /// The regional metrics data-plane endpoint (<c>https://{region}.metrics.monitor.azure.com/</c>) to use the
    /// <c>metrics:getBatch</c> API: one POST per subscription and up to <see cref="MaxResourcesPerBatch"/> resources instead of
    /// one ARM GET per resource, which Azure recommends against throttling. All resources must be in that region and of one
    /// type (<see cref="MetricNamespace"/>). Null (the default) to use the per-resource ARM API.
    /// </summary>
    public Uri? BatchEndpoint { get; set; }

    /// <summary>Token scope for <see cref="BatchEndpoint"/>.</summary>
    public string BatchScope { get; set; } = "https://metrics.monitor.azure.com/.default";

    /// <summary>Resources per <c>metrics:getBatch</c> call, at most <see cref="BatchResourceLimit"/> (Azure's limit).</summary>
    public int MaxResourcesPerBatch { get; set; } = BatchResourceLimit;

    /// <summary>The metric namespace (resource type) the batch API requires when a mapping names none.</summary>
    public string MetricNamespace { get; set; } = "Microsoft.Compute/virtualMachines";

    /// <summary>
    /// At most this many time grains per request; longer ranges are split into consecutive pages, merged in order
    /// without duplicate boundary points. The metrics API does not page, and large answers are slow and costly.
    /// </summary>
    public int MaxPointsPerRequest { get; set; } = 1440;

    /// <summary>At most this long a timespan per request (the portal's metrics explorer caps a chart at 30 days).</summary>
    public TimeSpan MaxTimespanPerRequest { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Requests in flight at once for one query.</summary>
    public int MaxConcurrentRequests { get; set; } = 8;

    /// <summary>A resource Azure reports as <c>ResourceNotFound</c> (deleted VM) gets no series; false to throw <see cref="AzureMonitorResourceNotFoundException"/>.</summary>
    public bool SkipMissingResources { get; set; } = true;

    /// <summary>Watcher metric → Azure metric; starts as <see cref="AzureMetricMappings.VirtualMachines"/>. Metrics without an entry return no series.</summary>
    public IDictionary<string, AzureMetricMapping> Metrics { get; set; } =
        new Dictionary<string, AzureMetricMapping>(AzureMetricMappings.VirtualMachines, StringComparer.Ordinal);

    /// <summary>For the DI registration: Watcher resource id (host or instance uuid) → Azure resource id.</summary>
    public IDictionary<string, string> ResourceIds { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// For the DI registration, resources not in <see cref="ResourceIds"/>: an Azure resource id template with
    /// <c>{uuid}</c> (the Watcher id) and <c>{name}</c> (the instance name or host's hostname), e.g.
    /// <c>/subscriptions/…/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/{name}</c>; null for none.
    /// </summary>
    public string? ResourceIdTemplate { get; set; }

    internal void Validate()
    {
        if (!Endpoint.IsAbsoluteUri || BatchEndpoint is { IsAbsoluteUri: false })
        {
            throw new ArgumentException("Azure Monitor options: Endpoint and BatchEndpoint must be absolute URLs.");
        }

        if (MaxConcurrentRequests < 1 || MaxPointsPerRequest < 1 || MaxTimespanPerRequest <= TimeSpan.Zero)
        {
            throw new ArgumentException("Azure Monitor options: MaxConcurrentRequests, MaxPointsPerRequest and MaxTimespanPerRequest must be positive.");
        }

        if (MaxResourcesPerBatch is < 1 or > BatchResourceLimit)
        {
            throw new ArgumentException($"Azure Monitor options: MaxResourcesPerBatch must be between 1 and {BatchResourceLimit} (the metrics:getBatch limit), not {MaxResourcesPerBatch}.");
        }
    }
}
