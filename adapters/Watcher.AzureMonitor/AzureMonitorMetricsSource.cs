using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Watcher.Domain.Metrics;

namespace Watcher.AzureMonitor;

/// <summary>
/// <see cref="IMetricsSource"/> over the Azure Monitor metrics REST API through an Azure.Core <see cref="HttpPipeline"/>
/// with bearer-token authentication from an injected <see cref="TokenCredential"/>: one ARM
/// <c>GET {resourceId}/providers/Microsoft.Insights/metrics</c> per resource, or with
/// <see cref="AzureMonitorOptions.BatchEndpoint"/> one data-plane <c>POST /subscriptions/{id}/metrics:getBatch</c> per
/// subscription and up to 50 resources. Long ranges are split into pages of at most
/// <see cref="AzureMonitorOptions.MaxPointsPerRequest"/> grains and merged in order without duplicate boundary points.
/// Watcher metrics map to Azure metrics by <see cref="AzureMonitorOptions.Metrics"/>; the step is rounded up to a grain
/// Azure supports (PT1M … P1D), and points come back at Azure's grain boundaries. 429 and 529 are retried by the
/// pipeline's retry policy (exponential backoff honouring Retry-After); after the last retry the query fails with
/// <see cref="AzureMonitorThrottledException"/>.
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
    private readonly HttpPipeline? _batchPipeline;
    private readonly AzureMonitorOptions _options;
    private readonly AzureResourceResolver _resolver;

    public AzureMonitorMetricsSource(TokenCredential credential, AzureMonitorOptions options, AzureResourceResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resolver);
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException(ex.Message, nameof(options), ex);
        }

        _options = options;
        _resolver = resolver;
        // Azure.Core's default policy retries 408, 429, 500, 502, 503 and 504 with exponential backoff and honours
        // Retry-After / retry-after-ms; the metrics data plane also throttles with 529.
        options.RetryPolicy ??= new AzureMonitorRetryPolicy(options.Retry);
        _pipeline = HttpPipelineBuilder.Build(options, new BearerTokenAuthenticationPolicy(credential, options.Scope));
        if (options.BatchEndpoint is not null)
        {
            _batchPipeline = HttpPipelineBuilder.Build(options, new BearerTokenAuthenticationPolicy(credential, options.BatchScope));
        }
    }

    public string Name => "azure_monitor";

    public IReadOnlyCollection<string> SupportedMetrics => _options.Metrics.Keys.ToArray();

    /// <summary>The grain used for a step: the finest supported grain not finer than the step.</summary>
    public static string Interval(TimeSpan step) => Grain(step).Iso;

    public async Task<IReadOnlyList<TimeSeries>> QueryRangeAsync(MetricRangeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!_options.Metrics.TryGetValue(query.Metric, out var mapping) || query.ResourceIds.Count == 0 || query.End < query.Start)
        {
            return [];
        }

        var grain = Grain(query.Step);
        var points = await FetchAsync(query, mapping, mapping.Aggregation, grain.Iso, Pages(query.Start, query.End, grain.Span), cancellationToken);
        return query.ResourceIds.Distinct(StringComparer.Ordinal)
            .Where(id => points.TryGetValue(id, out var p) && p.Count > 0)
            .Select(id => new TimeSeries(id, query.Metric, points[id]))
            .ToList();
    }

    /// <summary>
    /// Server-side <c>statistic_aggregation</c> for <c>mean</c>, <c>min</c> and <c>max</c> of a metric mapped with the
    /// <c>Average</c> aggregation: one point per resource with <c>interval=FULL</c> and the <c>Average</c>, <c>Minimum</c> or
    /// <c>Maximum</c> aggregation over the whole period (min and max swap for the free-memory conversions, which decrease).
    /// Azure's minimum and maximum are of its raw samples, not of step averages. Other aggregations (count, last,
    /// percentiles) are computed from the raw series.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, double>> QueryAggregateAsync(MetricRangeQuery query, string aggregation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        SeriesAnalysis.ValidateMethod(aggregation);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!_options.Metrics.TryGetValue(query.Metric, out var mapping) || query.ResourceIds.Count == 0 || query.End < query.Start)
        {
            return result;
        }

        var decreasing = mapping.Conversion != AzureMetricConversion.None;
        var azureAggregation = aggregation switch
        {
            "mean" => "Average",
            "min" => decreasing ? "Maximum" : "Minimum",
            "max" => decreasing ? "Minimum" : "Maximum",
            _ => null,
        };
        if (azureAggregation is null || !string.Equals(mapping.Aggregation, "Average", StringComparison.OrdinalIgnoreCase) || mapping.Scale < 0)
        {
            foreach (var series in await QueryRangeAsync(query, cancellationToken))
            {
                if (SeriesAnalysis.Aggregate(series.Points, aggregation) is { } value)
                {
                    result[series.ResourceId] = value;
                }
            }

            return result;
        }

        // The whole period in one grain: no paging (one point per resource).
        var points = await FetchAsync(query, mapping, azureAggregation, "FULL", [(query.Start, query.End)], cancellationToken);
        foreach (var (id, values) in points)
        {
            if (values.Count > 0)
            {
                result[id] = values[0].Value;
            }
        }

        return result;
    }

    /// <summary>Consecutive pages of at most <see cref="AzureMonitorOptions.MaxPointsPerRequest"/> grains covering [start, end].</summary>
    internal List<(DateTimeOffset Start, DateTimeOffset End)> Pages(DateTimeOffset start, DateTimeOffset end, TimeSpan grain)
    {
        var grains = Math.Max(1, Math.Min(_options.MaxPointsPerRequest, (long)(_options.MaxTimespanPerRequest / grain)));
        var span = grain * grains;
        var pages = new List<(DateTimeOffset, DateTimeOffset)>();
        for (var from = start; ; from += span)
        {
            if (end - from <= span)
            {
                pages.Add((from, end));
                return pages;
            }

            pages.Add((from, from + span));
        }
    }

    private static (TimeSpan Span, string Iso) Grain(TimeSpan step) => Grains.FirstOrDefault(g => g.Span >= step, Grains[^1]);

    /// <summary>Every page for every resource (one request each, or one per batch), merged per Watcher id in time order.</summary>
    private async Task<Dictionary<string, List<MetricPoint>>> FetchAsync(
        MetricRangeQuery query, AzureMetricMapping mapping, string aggregation, string interval, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> pages, CancellationToken cancellationToken)
    {
        var ids = query.ResourceIds.Distinct(StringComparer.Ordinal).ToList();
        var targets = await _resolver.ResolveAsync(query.Resource, ids, cancellationToken);
        var needsMemory = mapping.Conversion != AzureMetricConversion.None;
        // Used memory cannot be derived without the resource's memory size: those resources are not queried.
        var usable = ids.Where(id => targets.TryGetValue(id, out var t) && (!needsMemory || t.MemoryMb is > 0)).ToList();
        using var gate = new SemaphoreSlim(_options.MaxConcurrentRequests);
        var work = new List<Task<List<(string Id, int Page, List<MetricPoint> Points)>>>();
        for (var page = 0; page < pages.Count; page++)
        {
            var p = page;
            if (_batchPipeline is null)
            {
                foreach (var id in usable)
                {
                    work.Add(Gated<List<(string, int, List<MetricPoint>)>>(gate, async () =>
                        await SendResourceAsync(targets[id], mapping, aggregation, interval, pages[p], cancellationToken) is { } points ? [(id, p, points)] : [], cancellationToken));
                }
            }
            else
            {
                foreach (var batch in Batches(usable, targets))
                {
                    work.Add(Gated(gate, async () =>
                        (await SendBatchAsync(batch.Subscription, batch.Ids, targets, mapping, aggregation, interval, pages[p], cancellationToken)).Select(r => (r.Id, p, r.Points)).ToList(), cancellationToken));
                }
            }
        }

        var merged = new Dictionary<string, List<MetricPoint>>(StringComparer.Ordinal);
        foreach (var group in (await Task.WhenAll(work)).SelectMany(r => r).GroupBy(r => r.Id, StringComparer.Ordinal))
        {
            merged[group.Key] = Merge(group.OrderBy(r => r.Page).Select(r => r.Points));
        }

        return merged;
    }

    /// <summary>Pages in order into one series: sorted by time, a timestamp two pages both returned kept once (the first).</summary>
    internal static List<MetricPoint> Merge(IEnumerable<List<MetricPoint>> pages)
    {
        var all = pages.SelectMany(p => p).ToList();
        // Stable sort: of equal timestamps the earlier page's point comes first and is the one kept.
        var ordered = all.Select((p, i) => (Point: p, Index: i)).OrderBy(x => x.Point.At).ThenBy(x => x.Index).Select(x => x.Point);
        var merged = new List<MetricPoint>(all.Count);
        foreach (var point in ordered)
        {
            if (merged.Count == 0 || merged[^1].At != point.At)
            {
                merged.Add(point);
            }
        }

        return merged;
    }

    /// <summary>Resources grouped by subscription, in chunks of at most <see cref="AzureMonitorOptions.MaxResourcesPerBatch"/>.</summary>
    internal IEnumerable<(string Subscription, List<string> Ids)> Batches(IEnumerable<string> ids, IReadOnlyDictionary<string, AzureMonitorTarget> targets)
    {
        foreach (var group in ids.GroupBy(id => Subscription(targets[id].ResourceId), StringComparer.OrdinalIgnoreCase))
        {
            foreach (var chunk in group.Chunk(_options.MaxResourcesPerBatch))
            {
                yield return (group.Key, chunk.ToList());
            }
        }
    }

    private static string Subscription(string resourceId)
    {
        var segments = resourceId.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 && string.Equals(segments[0], "subscriptions", StringComparison.OrdinalIgnoreCase)
            ? segments[1]
            : throw new AzureMonitorException(400, $"'{resourceId}' is not an Azure resource id (/subscriptions/{{id}}/…); the metrics:getBatch API needs its subscription.", "InvalidResourceId", resourceId);
    }

    private static async Task<T> Gated<T>(SemaphoreSlim gate, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<List<MetricPoint>?> SendResourceAsync(
        AzureMonitorTarget target, AzureMetricMapping mapping, string aggregation, string interval, (DateTimeOffset Start, DateTimeOffset End) page, CancellationToken cancellationToken)
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

        request.Uri.AppendQuery("timespan", $"{Iso(page.Start)}/{Iso(page.End)}", escapeValue: true);
        request.Uri.AppendQuery("interval", interval, escapeValue: true);
        request.Uri.AppendQuery("aggregation", aggregation, escapeValue: true);
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

        using var document = JsonDocument.Parse(response.Content);
        return ParseMetrics(document.RootElement, mapping, aggregation, target);
    }

    private async Task<List<(string Id, List<MetricPoint> Points)>> SendBatchAsync(
        string subscription, List<string> ids, IReadOnlyDictionary<string, AzureMonitorTarget> targets, AzureMetricMapping mapping, string aggregation, string interval,
        (DateTimeOffset Start, DateTimeOffset End) page, CancellationToken cancellationToken)
    {
        var pipeline = _batchPipeline!;
        using var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Post;
        request.Uri.Reset(_options.BatchEndpoint!);
        request.Uri.AppendPath("/subscriptions/", escape: false);
        request.Uri.AppendPath(subscription, escape: true);
        request.Uri.AppendPath("/metrics:getBatch", escape: false);
        request.Uri.AppendQuery("starttime", Iso(page.Start), escapeValue: true);
        request.Uri.AppendQuery("endtime", Iso(page.End), escapeValue: true);
        request.Uri.AppendQuery("interval", interval, escapeValue: true);
        request.Uri.AppendQuery("metricnamespace", mapping.MetricNamespace ?? _options.MetricNamespace, escapeValue: true);
        request.Uri.AppendQuery("metricnames", mapping.MetricName, escapeValue: true);
        request.Uri.AppendQuery("aggregation", aggregation, escapeValue: true);
        request.Uri.AppendQuery("api-version", _options.ApiVersion, escapeValue: true);
        request.Headers.Add(HttpHeader.Names.Accept, "application/json");
        request.Headers.Add(HttpHeader.Names.ContentType, "application/json");
        // Several Watcher ids may name one Azure resource; each is sent once ("resourceids" must be lower case).
        var byAzureId = ids.GroupBy(id => targets[id].ResourceId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string[]> { ["resourceids"] = byAzureId.Keys.ToArray() }));

        await pipeline.SendAsync(message, cancellationToken);
        var response = message.Response;
        var scope = $"/subscriptions/{subscription} ({byAzureId.Count} resources)";
        if (response.Status >= 400)
        {
            throw Failure(response, ErrorOf(response), scope, mapping.MetricName);
        }

        using var document = JsonDocument.Parse(response.Content);
        if (!document.RootElement.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
        {
            throw new AzureMonitorException(response.Status, $"Azure Monitor metrics:getBatch answered without a 'values' array for {scope}.", null, scope);
        }

        var result = new List<(string, List<MetricPoint>)>();
        foreach (var value in values.EnumerateArray())
        {
            var resourceId = value.TryGetProperty("resourceid", out var r) ? r.GetString() : null;
            if (resourceId is null || !byAzureId.TryGetValue(resourceId, out var named))
            {
                continue;
            }

            foreach (var id in named)
            {
                result.Add((id, ParseMetrics(value, mapping, aggregation, targets[id])));
            }
        }

        return result;
    }

    /// <summary>The points of one resource's metrics answer (<c>{"value": [metric…]}</c>), converted, oldest first.</summary>
    internal static List<MetricPoint> ParseMetrics(JsonElement root, AzureMetricMapping mapping, string aggregation, AzureMonitorTarget target)
    {
        var field = aggregation.ToLowerInvariant();
        var points = new List<MetricPoint>();
        if (!root.TryGetProperty("value", out var metrics) || metrics.ValueKind != JsonValueKind.Array)
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
            429 or 529 => new AzureMonitorThrottledException(
                $"Azure Monitor throttled metric requests for {resourceId} (HTTP {response.Status}, {detail}) and the retries were used up" +
                $"{(RetryAfter(response) is { } wait ? $"; retry after {wait.TotalSeconds:0.#} s" : "")}. Lower MaxConcurrentRequests, use the batch endpoint, or raise Retry.MaxRetries.",
                error.Code, resourceId, RetryAfter(response), response.Status),
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
