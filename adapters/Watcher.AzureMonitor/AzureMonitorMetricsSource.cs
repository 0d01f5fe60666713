using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Watcher.Domain.Metrics;

namespace Watcher.AzureMonitor;

/// <summary>
/// <see cref="IMetricsSource"/> over the Azure Monitor metrics REST API
/// (<c>GET {resourceId}/providers/Microsoft.Insights/metrics</c>), one request per resource, through an Azure.Core
/// <see cref="HttpPipeline"/> with bearer-token authentication from an injected <see cref="TokenCredential"/>.
/// Watcher metrics map to Azure metrics by <see cref="AzureMonitorOptions.Metrics"/>; the step is rounded up to a grain
/// Azure supports (PT1M … P1D), and points come back at Azure's grain boundaries.
/// </summary>
public sealed class AzureMonitorMetricsSource : IMetricsSource
{
    /// <summary>The time grains the metrics API accepts, finest first.</summary>
    private static readonly (TimeSpan Span, string Iso)[] Grains =
    [
        (TimeSpan.FromMinutes(1), "PT1M"), (TimeSpan.FromMinutes(5), "PT5M"), (TimeSpan.FromMinutes(15), "PT15M"), (TimeSpan.FromMinutes(30), "PT30M"),
        (TimeSpan.FromHours(1), "PT1H"), (TimeSpan.FromHours(6), "PT6H"), (TimeSpan.FromHours(12), "PT12H"), (TimeSpan.FromDays(1), "P1D"),
    ];

    private readonly HttpPipeline _pipeline;
    private readonly AzureMonitorOptions _options;
    private readonly AzureResourceResolver _resolver;

    public AzureMonitorMetricsSource(TokenCredential credential, AzureMonitorOptions options, AzureResourceResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resolver);
        if (options.MaxConcurrentRequests < 1 || !options.Endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException("Azure Monitor options: Endpoint must be absolute and MaxConcurrentRequests positive.", nameof(options));
        }

        _options = options;
        _resolver = resolver;
        _pipeline = HttpPipelineBuilder.Build(options, new BearerTokenAuthenticationPolicy(credential, options.Scope));
    }

    public string Name => "azure_monitor";

    public IReadOnlyCollection<string> SupportedMetrics => _options.Metrics.Keys.ToArray();

    /// <summary>The grain used for a step: the finest supported grain not finer than the step.</summary>
    public static string Interval(TimeSpan step) => Grains.FirstOrDefault(g => g.Span >= step, Grains[^1]).Iso;

    public async Task<IReadOnlyList<TimeSeries>> QueryRangeAsync(MetricRangeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!_options.Metrics.TryGetValue(query.Metric, out var mapping) || query.ResourceIds.Count == 0 || query.End < query.Start)
        {
            return [];
        }

        var ids = query.ResourceIds.Distinct(StringComparer.Ordinal).ToList();
        var targets = await _resolver.ResolveAsync(query.Resource, ids, cancellationToken);
        using var gate = new SemaphoreSlim(_options.MaxConcurrentRequests);
        var tasks = ids.Where(targets.ContainsKey).Select(async id =>
        {
            var target = targets[id];
            var needsMemory = mapping.Conversion != AzureMetricConversion.None;
            if (needsMemory && target.MemoryMb is not > 0)
            {
                return null; // used memory cannot be derived without the resource's memory size
            }

            await gate.WaitAsync(cancellationToken);
            try
            {
                var points = await FetchAsync(target, mapping, query, cancellationToken);
                return points is { Count: > 0 } ? new TimeSeries(id, query.Metric, points) : null;
            }
            finally
            {
                gate.Release();
            }
        }).ToList();

        var results = await Task.WhenAll(tasks);
        return results.OfType<TimeSeries>().ToList();
    }

    private async Task<List<MetricPoint>?> FetchAsync(AzureMonitorTarget target, AzureMetricMapping mapping, MetricRangeQuery query, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Get;
        request.Uri.Reset(_options.Endpoint);
        foreach (var segment in target.ResourceId.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            request.Uri.AppendPath("/", escape: false);
            request.Uri.AppendPath(segment, escape: true);
        }

        request.Uri.AppendPath("/providers/Microsoft.Insights/metrics", escape: false);
        request.Uri.AppendQuery("api-version", _options.ApiVersion, escapeValue: true);
        request.Uri.AppendQuery("metricnames", mapping.MetricName, escapeValue: true);
        if (!string.IsNullOrEmpty(mapping.MetricNamespace))
        {
            request.Uri.AppendQuery("metricnamespace", mapping.MetricNamespace, escapeValue: true);
        }

        request.Uri.AppendQuery("timespan", $"{Iso(query.Start)}/{Iso(query.End)}", escapeValue: true);
        request.Uri.AppendQuery("interval", Interval(query.Step), escapeValue: true);
        request.Uri.AppendQuery("aggregation", mapping.Aggregation, escapeValue: true);
        request.Headers.Add(HttpHeader.Names.Accept, "application/json");

        await _pipeline.SendAsync(message, cancellationToken);
        var response = message.Response;
        if (response.Status >= 400)
        {
            var error = ErrorOf(response);
            if (response.Status == 404 && _options.SkipMissingResources && string.Equals(error.Code, "ResourceNotFound", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            throw Failure(response, error, target.ResourceId, mapping.MetricName);
        }

        return Parse(response.Content, mapping, target, query.Metric);
    }

    internal static List<MetricPoint> Parse(BinaryData content, AzureMetricMapping mapping, AzureMonitorTarget target, string watcherMetric)
    {
        using var document = JsonDocument.Parse(content);
        var field = mapping.Aggregation.ToLowerInvariant();
        var points = new List<MetricPoint>();
        if (!document.RootElement.TryGetProperty("value", out var metrics) || metrics.ValueKind != JsonValueKind.Array)
        {
            throw new AzureMonitorException(200, $"Azure Monitor answered without a 'value' array for {target.ResourceId}.", null, target.ResourceId);
        }

        foreach (var metric in metrics.EnumerateArray())
        {
            var name = metric.TryGetProperty("name", out var n) && n.TryGetProperty("value", out var v) ? v.GetString() : null;
            if (!string.Equals(name, mapping.MetricName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (metric.TryGetProperty("errorCode", out var code) && code.GetString() is { } errorCode && !string.Equals(errorCode, "Success", StringComparison.OrdinalIgnoreCase))
            {
                var detail = metric.TryGetProperty("errorMessage", out var m) ? m.GetString() : null;
                throw new AzureMonitorException(200, $"Azure Monitor metric '{name}' on {target.ResourceId} failed: {errorCode} {detail}".TrimEnd(), errorCode, target.ResourceId);
            }

            if (!metric.TryGetProperty("timeseries", out var timeseries) || timeseries.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            // Without a $filter on dimensions Azure returns one time series per metric; take the first.
            foreach (var series in timeseries.EnumerateArray().Take(1))
            {
                if (!series.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var point in data.EnumerateArray())
                {
                    // A grain without samples has only a timeStamp.
                    if (point.TryGetProperty("timeStamp", out var at) && point.TryGetProperty(field, out var raw) && raw.ValueKind == JsonValueKind.Number)
                    {
                        var value = Convert(raw.GetDouble(), mapping, target);
                        if (double.IsFinite(value))
                        {
                            points.Add(new MetricPoint(at.GetDateTimeOffset(), value));
                        }
                    }
                }
            }
        }

        points.Sort((a, b) => a.At.CompareTo(b.At));
        return points;
    }

    private static double Convert(double value, AzureMetricMapping mapping, AzureMonitorTarget target)
    {
        var memoryMb = target.MemoryMb ?? 0;
        var converted = mapping.Conversion switch
        {
            AzureMetricConversion.UsedMbFromAvailableBytes => Math.Clamp(memoryMb - (value / 1048576.0), 0, memoryMb),
            AzureMetricConversion.UsedKibFromAvailableBytes => Math.Clamp((memoryMb * 1024) - (value / 1024.0), 0, memoryMb * 1024),
            _ => value,
        };
        return converted * mapping.Scale;
    }

    private static (string? Code, string? Message) ErrorOf(Response response)
    {
        try
        {
            using var document = JsonDocument.Parse(response.Content);
            var root = document.RootElement;
            // ARM wraps errors as {"error": {"code", "message"}}; the metrics API also answers {"code", "message"}.
            var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : root;
            return error.ValueKind == JsonValueKind.Object
                ? (error.TryGetProperty("code", out var c) ? c.GetString() : null, error.TryGetProperty("message", out var m) ? m.GetString() : null)
                : (null, null);
        }
        catch (JsonException)
        {
            var text = response.Content.ToString();
            return (null, text.Length > 300 ? text[..300] : text);
        }
    }

    private static AzureMonitorException Failure(Response response, (string? Code, string? Message) error, string resourceId, string metricName)
    {
        var detail = $"{error.Code ?? "no error code"}: {error.Message ?? response.ReasonPhrase}";
        return response.Status switch
        {
            401 or 403 => new AzureMonitorAccessDeniedException(
                response.Status, $"Azure Monitor denied access to metrics of {resourceId} (HTTP {response.Status}, {detail}). Grant the credential 'Monitoring Reader' on the resource.", error.Code, resourceId),
            404 => new AzureMonitorResourceNotFoundException($"Azure resource {resourceId} was not found (HTTP 404, {detail}).", error.Code, resourceId),
            429 => new AzureMonitorThrottledException(
                $"Azure Monitor throttled metric requests for {resourceId} (HTTP 429, {detail}){(RetryAfter(response) is { } wait ? $"; retry after {wait.TotalSeconds:0.#} s" : "")}.",
                error.Code, resourceId, RetryAfter(response)),
            _ => new AzureMonitorException(response.Status, $"Azure Monitor metric '{metricName}' for {resourceId} failed (HTTP {response.Status}, {detail}).", error.Code, resourceId),
        };
    }

    private static TimeSpan? RetryAfter(Response response)
    {
        if (response.Headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis))
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        if (response.Headers.TryGetValue("Retry-After", out var value))
        {
            if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                var wait = at - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return null;
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
