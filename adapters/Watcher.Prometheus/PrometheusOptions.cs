using System.ComponentModel.DataAnnotations;

namespace Watcher.Prometheus;

/// <summary>Configuration of <see cref="PrometheusMetricsSource"/> (section <c>Prometheus</c> in settings).</summary>
public sealed class PrometheusOptions
{
    /// <summary>The server's base address; a path prefix (e.g. behind a reverse proxy) is kept.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("http://localhost:9090/");

    /// <summary>Timeout of one HTTP request; also sent to Prometheus as the query's <c>timeout</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The label holding the host name (Watcher's <c>fqdn_label</c>, default <c>fqdn</c>).</summary>
    [Required]
    public string HostLabel { get; set; } = "fqdn";

    /// <summary>The label holding the instance uuid (Watcher's <c>instance_uuid_label</c>, default <c>resource</c>).</summary>
    [Required]
    public string InstanceLabel { get; set; } = "resource";

    /// <summary>
    /// Also match a host whose label value is its fully qualified name when Watcher knows it by its short name
    /// (<c>compute1</c> matches <c>compute1.example.com</c>), as Watcher's host/fqdn map does.
    /// </summary>
    public bool MatchShortHostnames { get; set; } = true;

    /// <summary>Minimum range of <c>rate</c> and <c>*_over_time</c> (<c>$window</c>); the step is used when longer. Watcher uses 300 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>At most this many resources in one query's regex matcher.</summary>
    [Range(1, int.MaxValue)]
    public int MaxResourcesPerQuery { get; set; } = 250;

    /// <summary>At most this many characters of label values in one query's regex matcher.</summary>
    [Range(1, int.MaxValue)]
    public int MaxSelectorLength { get; set; } = 16_000;

    /// <summary>At most this many steps per request (Prometheus refuses more than 11,000 points per series); longer ranges are split.</summary>
    [Range(1, int.MaxValue)]
    public int MaxPointsPerRequest { get; set; } = 10_000;

    /// <summary>Requests in flight at once for one query.</summary>
    [Range(1, int.MaxValue)]
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>Send queries as a POST form (no URL length limit); false for GET with a query string.</summary>
    public bool UsePost { get; set; } = true;

    /// <summary>
    /// Bearer token sent as <c>Authorization: Bearer …</c> (a reverse proxy, Grafana Cloud, Thanos/Mimir gateways); null
    /// for none. Never logged and never part of an exception message. Exclusive with <see cref="BasicAuthUsername"/>.
    /// </summary>
    public string? BearerToken { get; set; }

    /// <summary>User of HTTP basic authentication (Prometheus' <c>web.config.yml</c> <c>basic_auth_users</c>); null for none.</summary>
    public string? BasicAuthUsername { get; set; }

    /// <summary>Password of HTTP basic authentication; never logged and never part of an exception message.</summary>
    public string? BasicAuthPassword { get; set; }

    /// <summary>Extra headers sent with every query (e.g. <c>X-Scope-OrgID</c> for a multi-tenant Mimir or Cortex); values are never logged.</summary>
    public IDictionary<string, string> Headers { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Retries of a failed request (HTTP 5xx, 408, 429, connection errors, attempt timeouts) by the resilience handler
    /// <see cref="PrometheusServiceCollectionExtensions.AddPrometheusMetricsSource"/> installs, with exponential backoff and jitter.
    /// </summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; later ones grow exponentially (with jitter).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// PromQL per Watcher metric: starts as <see cref="PrometheusQueryTemplates.Watcher"/>; replace or add entries to
    /// override, remove one to stop serving that metric. Metrics without an entry return no series.
    /// </summary>
    public IDictionary<string, PrometheusMetricQuery> Queries { get; set; } =
        new Dictionary<string, PrometheusMetricQuery>(PrometheusQueryTemplates.Watcher, StringComparer.Ordinal);

    /// <summary>Options for node_exporter plus a libvirt exporter whose <c>uuid</c> label holds the instance uuid.</summary>
    public static PrometheusOptions ForLibvirtExporter(Uri baseUrl) => new()
    {
        BaseUrl = baseUrl,
        InstanceLabel = "uuid",
        Queries = new Dictionary<string, PrometheusMetricQuery>(PrometheusQueryTemplates.LibvirtExporter, StringComparer.Ordinal),
    };

    internal void Validate()
    {
        if (!BaseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException($"Prometheus BaseUrl must be absolute: '{BaseUrl}'.");
        }

        if (Timeout <= TimeSpan.Zero || RateWindow <= TimeSpan.Zero || MaxResourcesPerQuery < 1 || MaxSelectorLength < 1 || MaxPointsPerRequest < 1 || MaxConcurrentRequests < 1)
        {
            throw new ArgumentException("Prometheus options: Timeout, RateWindow and the Max* limits must be positive.");
        }

        if (string.IsNullOrWhiteSpace(HostLabel) || string.IsNullOrWhiteSpace(InstanceLabel))
        {
            throw new ArgumentException("Prometheus options: HostLabel and InstanceLabel must be set.");
        }

        if (!string.IsNullOrEmpty(BearerToken) && !string.IsNullOrEmpty(BasicAuthUsername))
        {
            throw new ArgumentException("Prometheus options: set either BearerToken or BasicAuthUsername/BasicAuthPassword, not both.");
        }

        if (string.IsNullOrEmpty(BasicAuthUsername) && !string.IsNullOrEmpty(BasicAuthPassword))
        {
            throw new ArgumentException("Prometheus options: BasicAuthPassword is set without BasicAuthUsername.");
        }

        if (MaxRetries < 0 || RetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("Prometheus options: MaxRetries and RetryDelay must not be negative.");
        }
    }
}
