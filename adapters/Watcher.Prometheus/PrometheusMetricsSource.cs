using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Watcher.Domain.Metrics;

namespace Watcher.Prometheus;

/// <summary>
/// <see cref="IMetricsSource"/> over Prometheus' HTTP API: one <c>/api/v1/query_range</c> per chunk of resources
/// (a regex label matcher <c>label=~"a|b|c"</c>) and per slice of at most <see cref="PrometheusOptions.MaxPointsPerRequest"/>
/// steps (Prometheus refuses more than 11,000 points per series), slices concatenated in order; aggregates by instant
/// <c>/api/v1/query</c> with <c>*_over_time</c> server-side. PromQL from <see cref="PrometheusOptions.Queries"/>; bearer,
/// basic-auth and extra headers from the options. NaN and infinite samples are dropped; resources Prometheus
/// has no data for get no series; failures raise <see cref="PrometheusQueryException"/>.
/// </summary>
public sealed class PrometheusMetricsSource : IMetricsSource
{
    private readonly HttpClient _http;
    private readonly PrometheusOptions _options;
    private readonly PrometheusTargetResolver _resolver;
    private readonly Uri _queryRangeUri;
    private readonly Uri _queryUri;
    private readonly string _server;

    public PrometheusMetricsSource(HttpClient http, PrometheusOptions options, PrometheusTargetResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resolver);
        options.Validate();
        _http = http;
        _options = options;
        _resolver = resolver;
        var baseUrl = options.BaseUrl.AbsoluteUri.EndsWith('/') ? options.BaseUrl : new Uri(options.BaseUrl.AbsoluteUri + "/");
        _queryRangeUri = new Uri(baseUrl, "api/v1/query_range");
        _queryUri = new Uri(baseUrl, "api/v1/query");
        // For messages: never the user info of a URL like http://user:secret@host/.
        _server = baseUrl.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
    }

    public string Name => "prometheus";

    public IReadOnlyCollection<string> SupportedMetrics => _options.Queries.Keys.ToArray();

    public async Task<IReadOnlyList<TimeSeries>> QueryRangeAsync(MetricRangeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!_options.Queries.TryGetValue(query.Metric, out var spec) || query.ResourceIds.Count == 0 || query.Steps == 0)
        {
            return [];
        }

        if (await PlanAsync(query, spec, cancellationToken) is not { } plan)
        {
            return [];
        }

        var slices = TimeSlices(query);
        using var gate = new SemaphoreSlim(_options.MaxConcurrentRequests);
        var requests = new List<Task<List<RawSeries>>>();
        for (var s = 0; s < slices.Count; s++)
        {
            foreach (var regex in plan.Chunks)
            {
                var promql = Expand(spec.Template, plan.Label, regex, plan.Window, Duration(query.Step));
                var slice = slices[s];
                var parameters = new List<KeyValuePair<string, string>>
                {
                    new("query", promql),
                    new("start", UnixSeconds(slice.Start)),
                    new("end", UnixSeconds(slice.End)),
                    new("step", query.Step.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)),
                    new("timeout", Duration(_options.Timeout)),
                };
                requests.Add(RunAsync(gate, _queryRangeUri, parameters, promql, plan.Label, s, matrix: true, cancellationToken));
            }
        }

        var raw = (await Task.WhenAll(requests)).SelectMany(r => r);
        return Assemble(query, spec, plan, slices.Count, raw);
    }

    /// <summary>
    /// Server-side <c>statistic_aggregation</c>: one instant <c>/api/v1/query</c> per chunk of resources at the query's end,
    /// <c>avg_over_time</c>, <c>min_over_time</c>, <c>max_over_time</c>, <c>count_over_time</c>, <c>last_over_time</c> or
    /// <c>quantile_over_time</c> over a subquery of the metric's template across the period at the query's step, so only
    /// one number per resource crosses the network. Subquery steps are aligned to multiples of the step (Prometheus'
    /// rule), which matches <see cref="QueryRangeAsync"/> when the period starts on a step boundary. A template whose
    /// values are divided per instance and then clamped (instance CPU) is aggregated here from the raw series for
    /// <c>mean</c> and percentiles, where clamping does not commute with the aggregate.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, double>> QueryAggregateAsync(MetricRangeQuery query, string aggregation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        SeriesAnalysis.ValidateMethod(aggregation);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!_options.Queries.TryGetValue(query.Metric, out var spec) || query.ResourceIds.Count == 0 || query.Steps == 0)
        {
            return result;
        }

        var isCount = aggregation == "count";
        if (spec is { ClampMax: not null, DivideByVCpus: true } && aggregation is not ("min" or "max" or "last" or "count"))
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

        if (await PlanAsync(query, spec, cancellationToken) is not { } plan)
        {
            return result;
        }

        // Closed on both ends whatever the Prometheus version: 2.x range selectors include the left edge, 3.x do not,
        // so the range reaches 1 ms before the start.
        var range = Duration(query.End - query.Start + TimeSpan.FromMilliseconds(1));
        using var gate = new SemaphoreSlim(_options.MaxConcurrentRequests);
        var requests = new List<Task<List<RawSeries>>>();
        foreach (var regex in plan.Chunks)
        {
            var inner = Expand(spec.Template, plan.Label, regex, plan.Window, Duration(query.Step));
            if (spec.ClampMax is { } clamp && !spec.DivideByVCpus)
            {
                inner = $"clamp_max({inner}, {clamp.ToString("R", CultureInfo.InvariantCulture)})";
            }

            var promql = AggregateExpression(aggregation, inner, range, Duration(query.Step));
            var parameters = new List<KeyValuePair<string, string>>
            {
                new("query", promql),
                new("time", UnixSeconds(query.End)),
                new("timeout", Duration(_options.Timeout)),
            };
            requests.Add(RunAsync(gate, _queryUri, parameters, promql, plan.Label, 0, matrix: false, cancellationToken));
        }

        var best = Best(plan, 1, (await Task.WhenAll(requests)).SelectMany(r => r));
        foreach (var id in query.ResourceIds.Distinct(StringComparer.Ordinal))
        {
            if (best.TryGetValue(id, out var perSlice) && perSlice[0] is { Points: [var point, ..] })
            {
                // Dividing by a positive constant commutes with every aggregate but count; clamping (min, max, last) too.
                var divisor = spec.DivideByVCpus && !isCount ? Math.Max(1, plan.Targets[id].VCpus ?? 1) : 1;
                var value = point.Value / divisor;
                result[id] = spec.ClampMax is { } max && !isCount ? Math.Min(max, value) : value;
            }
        }

        return result;
    }

    /// <summary>The PromQL of a server-side aggregate of <paramref name="inner"/> over a subquery <c>[range:step]</c>.</summary>
    internal static string AggregateExpression(string aggregation, string inner, string range, string step)
    {
        var subquery = $"({inner})[{range}:{step}]";
        return aggregation switch
        {
            "mean" => $"avg_over_time({subquery})",
            "min" => $"min_over_time({subquery})",
            "max" => $"max_over_time({subquery})",
            "count" => $"count_over_time({subquery})",
            "last" => $"last_over_time({subquery})",
            _ => $"quantile_over_time({(double.Parse(aggregation[1..], NumberStyles.Float, CultureInfo.InvariantCulture) / 100).ToString("R", CultureInfo.InvariantCulture)}, {subquery})",
        };
    }

    /// <summary>Expands a template's placeholders.</summary>
    internal static string Expand(string template, string label, string regex, string window, string step) =>
        template
            .Replace("$selector", $"{label}=~\"{PromQlString(regex)}\"", StringComparison.Ordinal)
            .Replace("$label", label, StringComparison.Ordinal)
            .Replace("$window", window, StringComparison.Ordinal)
            .Replace("$step", step, StringComparison.Ordinal);

    /// <summary>One RE2 alternative per label value; a short hostname also matches its FQDN.</summary>
    internal static string Alternative(string value, bool matchShortHostname) =>
        matchShortHostname && !value.Contains('.', StringComparison.Ordinal) ? Re2Escape(value) + @"(?:\..+)?" : Re2Escape(value);

    internal List<string> SelectorChunks(IEnumerable<string> values, bool matchShort)
    {
        var chunks = new List<string>();
        var current = new StringBuilder();
        var count = 0;
        foreach (var value in values)
        {
            var alternative = Alternative(value, matchShort);
            if (count > 0 && (count >= _options.MaxResourcesPerQuery || current.Length + 1 + alternative.Length > _options.MaxSelectorLength))
            {
                chunks.Add(current.ToString());
                current.Clear();
                count = 0;
            }

            if (count > 0)
            {
                current.Append('|');
            }

            current.Append(alternative);
            count++;
        }

        if (count > 0)
        {
            chunks.Add(current.ToString());
        }

        return chunks;
    }

    internal List<(DateTimeOffset Start, DateTimeOffset End)> TimeSlices(MetricRangeQuery query)
    {
        var slices = new List<(DateTimeOffset, DateTimeOffset)>();
        var perSlice = _options.MaxPointsPerRequest;
        for (var first = 0; first < query.Steps; first += perSlice)
        {
            var start = query.Start + (query.Step * first);
            var last = Math.Min(query.Steps - 1, first + perSlice - 1);
            var end = last == query.Steps - 1 ? query.End : query.Start + (query.Step * last);
            slices.Add((start, end));
        }

        return slices;
    }

    /// <summary>Resolves the query's resources to label values and selector chunks; null when none is known to the resolver.</summary>
    private async Task<Plan?> PlanAsync(MetricRangeQuery query, PrometheusMetricQuery spec, CancellationToken cancellationToken)
    {
        var label = spec.Label ?? (query.Resource == MetricResource.Host ? _options.HostLabel : _options.InstanceLabel);
        if (!IsLabelName(label))
        {
            throw new PrometheusQueryException($"'{label}' is not a valid Prometheus label name (metric {query.Metric}).");
        }

        // Label value → the resource ids it names (usually one), in the caller's order.
        var ids = query.ResourceIds.Distinct(StringComparer.Ordinal).ToList();
        var targets = await _resolver.ResolveAsync(query.Resource, ids, cancellationToken);
        var idsByValue = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!targets.TryGetValue(id, out var target))
            {
                continue;
            }

            if (!idsByValue.TryGetValue(target.LabelValue, out var named))
            {
                named = [];
                idsByValue[target.LabelValue] = named;
            }

            named.Add(id);
        }

        if (idsByValue.Count == 0)
        {
            return null;
        }

        var matchShort = query.Resource == MetricResource.Host && _options.MatchShortHostnames;
        var window = Duration(query.Step > _options.RateWindow ? query.Step : _options.RateWindow);
        return new Plan(label, targets, idsByValue, matchShort, SelectorChunks(idsByValue.Keys, matchShort), window);
    }

    /// <summary>Per resource id and time slice, the best-ranked series (an exact label match beats an FQDN matched by short name).</summary>
    private static Dictionary<string, RawSeries?[]> Best(Plan plan, int sliceCount, IEnumerable<RawSeries> raw)
    {
        var best = new Dictionary<string, RawSeries?[]>(StringComparer.Ordinal);
        foreach (var series in raw)
        {
            var rank = 0;
            if (!plan.IdsByValue.TryGetValue(series.LabelValue, out var ids))
            {
                var dot = series.LabelValue.IndexOf('.', StringComparison.Ordinal);
                if (!plan.MatchShort || dot <= 0 || !plan.IdsByValue.TryGetValue(series.LabelValue[..dot], out ids))
                {
                    continue;
                }

                rank = 1;
            }

            var ranked = series with { Rank = rank };
            foreach (var id in ids)
            {
                if (!best.TryGetValue(id, out var perSlice))
                {
                    perSlice = new RawSeries?[sliceCount];
                    best[id] = perSlice;
                }

                if (perSlice[series.Slice] is not { } existing || rank < existing.Rank)
                {
                    perSlice[series.Slice] = ranked;
                }
            }
        }

        return best;
    }

    private static List<TimeSeries> Assemble(MetricRangeQuery query, PrometheusMetricQuery spec, Plan plan, int sliceCount, IEnumerable<RawSeries> raw)
    {
        var best = Best(plan, sliceCount, raw);
        var result = new List<TimeSeries>(best.Count);
        foreach (var id in query.ResourceIds.Distinct(StringComparer.Ordinal))
        {
            if (!best.TryGetValue(id, out var perSlice))
            {
                continue;
            }

            var divisor = spec.DivideByVCpus ? Math.Max(1, plan.Targets[id].VCpus ?? 1) : 1;
            var points = new List<MetricPoint>();
            foreach (var slice in perSlice)
            {
                if (slice is null)
                {
                    continue;
                }

                foreach (var p in slice.Points)
                {
                    // Slices do not overlap (each starts one step after the previous one ends); guard anyway so a
                    // boundary sample is never doubled.
                    if (points.Count > 0 && p.At <= points[^1].At)
                    {
                        continue;
                    }

                    var value = p.Value / divisor;
                    points.Add(p with { Value = spec.ClampMax is { } max ? Math.Min(max, value) : value });
                }
            }

            if (points.Count > 0)
            {
                result.Add(new TimeSeries(id, query.Metric, points));
            }
        }

        return result;
    }

    private async Task<List<RawSeries>> RunAsync(
        SemaphoreSlim gate, Uri endpoint, List<KeyValuePair<string, string>> parameters, string promql, string label, int slice, bool matrix, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            using var request = _options.UsePost
                ? new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(parameters) }
                : new HttpRequestMessage(HttpMethod.Get, new UriBuilder(endpoint) { Query = QueryString(parameters) }.Uri);
            Authorize(request);
            HttpStatusCode status;
            byte[] body;
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
                status = response.StatusCode;
                body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new PrometheusQueryException(
                    $"Prometheus at {_server} did not answer within {_options.Timeout.TotalSeconds:0.#} s. Query: {promql}", promql, errorType: "timeout", innerException: ex);
            }
            catch (HttpRequestException ex)
            {
                throw new PrometheusQueryException($"Could not reach Prometheus at {_server}: {ex.Message}", promql, innerException: ex);
            }

            return Parse(body, status, promql, label, slice, matrix);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Adds the configured credentials and headers; their values appear in no message.</summary>
    private void Authorize(HttpRequestMessage request)
    {
        if (!string.IsNullOrEmpty(_options.BearerToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.BearerToken);
        }
        else if (!string.IsNullOrEmpty(_options.BasicAuthUsername))
        {
            var pair = Encoding.UTF8.GetBytes($"{_options.BasicAuthUsername}:{_options.BasicAuthPassword}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(pair));
        }

        foreach (var (name, value) in _options.Headers)
        {
            request.Headers.Remove(name);
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                throw new PrometheusQueryException($"Prometheus option Headers: '{name}' cannot be sent as a request header.");
            }
        }
    }

    /// <summary>Parses a query_range answer (a matrix of series) or an instant query's (a vector), or an error.</summary>
    internal static List<RawSeries> Parse(byte[] body, HttpStatusCode status, string promql, string label, int slice, bool matrix = true)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300)).Trim();
            throw new PrometheusQueryException(
                $"Prometheus answered HTTP {(int)status} {status} with a body that is not its JSON API ({(text.Length == 0 ? "empty" : $"'{text}'")}). Query: {promql}",
                promql, status, innerException: ex);
        }

        using (document)
        {
            var root = document.RootElement;
            var apiStatus = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("status", out var s) ? s.GetString() : null;
            if (apiStatus != "success" || (int)status >= 300)
            {
                var errorType = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errorType", out var t) ? t.GetString() : null;
                var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) ? e.GetString() : null;
                throw new PrometheusQueryException(
                    $"Prometheus query failed (HTTP {(int)status}, {errorType ?? "no errorType"}): {error ?? "no error message"}. Query: {promql}",
                    promql, status, errorType);
            }

            if (!root.TryGetProperty("data", out var data) || !data.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Array)
            {
                throw new PrometheusQueryException($"Prometheus answered without data.result. Query: {promql}", promql, status);
            }

            var resultType = data.TryGetProperty("resultType", out var rt) ? rt.GetString() : null;
            var expected = matrix ? "matrix" : "vector";
            if (resultType != expected)
            {
                throw new PrometheusQueryException($"Expected a {expected} from {(matrix ? "query_range" : "query")}, got '{resultType}'. Query: {promql}", promql, status);
            }

            var series = new List<RawSeries>(result.GetArrayLength());
            foreach (var item in result.EnumerateArray())
            {
                if (!item.TryGetProperty("metric", out var metric) || !metric.TryGetProperty(label, out var labelValue) || labelValue.GetString() is not { Length: > 0 } value)
                {
                    throw new PrometheusQueryException(
                        $"A result series has no '{label}' label, so it cannot be matched to a resource; keep the label in the query (e.g. 'avg by ({label}) (...)'). Query: {promql}",
                        promql, status);
                }

                var points = new List<MetricPoint>();
                if (matrix && item.TryGetProperty("values", out var values))
                {
                    foreach (var pair in values.EnumerateArray())
                    {
                        AddSample(points, pair);
                    }
                }
                else if (!matrix && item.TryGetProperty("value", out var single))
                {
                    AddSample(points, single);
                }

                series.Add(new RawSeries(value, slice, points));
            }

            return series;
        }
    }

    private static void AddSample(List<MetricPoint> points, JsonElement pair)
    {
        if (pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() == 2 && pair[0].TryGetDouble(out var at) && pair[1].ValueKind == JsonValueKind.String
            && double.TryParse(pair[1].GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
        {
            points.Add(new MetricPoint(DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(at * 1000)), v));
        }
    }

    private static string UnixSeconds(DateTimeOffset at) => (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan span) =>
        span.Ticks % TimeSpan.TicksPerSecond == 0
            ? ((long)span.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : Math.Max(1, (long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";

    private static string QueryString(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    private static string Re2Escape(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (@"\.+*?()|[]{}^$".Contains(c, StringComparison.Ordinal))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static string PromQlString(string value) => value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static bool IsLabelName(string label) =>
        label.Length > 0 && (char.IsAsciiLetter(label[0]) || label[0] == '_') && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>One parsed result series before it is matched to resources.</summary>
    internal sealed record RawSeries(string LabelValue, int Slice, List<MetricPoint> Points, int Rank = 0);

    /// <summary>A query's resources resolved: the label, its targets, label value → ids, and the selector chunks.</summary>
    private sealed record Plan(
        string Label, IReadOnlyDictionary<string, PrometheusTarget> Targets, Dictionary<string, List<string>> IdsByValue, bool MatchShort, List<string> Chunks, string Window);
}
