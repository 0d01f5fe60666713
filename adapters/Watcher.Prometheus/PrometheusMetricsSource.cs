using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Watcher.Domain.Metrics;

namespace Watcher.Prometheus;

/// <summary>
/// <see cref="IMetricsSource"/> over Prometheus' HTTP API: one <c>/api/v1/query_range</c> per chunk of resources
/// (a regex label matcher <c>label=~"a|b|c"</c>) and per slice of at most <see cref="PrometheusOptions.MaxPointsPerRequest"/>
/// steps, PromQL from <see cref="PrometheusOptions.Queries"/>. NaN and infinite samples are dropped; resources Prometheus
/// has no data for get no series; failures raise <see cref="PrometheusQueryException"/>.
/// </summary>
public sealed class PrometheusMetricsSource : IMetricsSource
{
    private readonly HttpClient _http;
    private readonly PrometheusOptions _options;
    private readonly PrometheusTargetResolver _resolver;
    private readonly Uri _queryRangeUri;

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
            return [];
        }

        var matchShort = query.Resource == MetricResource.Host && _options.MatchShortHostnames;
        var slices = TimeSlices(query);
        var chunks = SelectorChunks(idsByValue.Keys, matchShort);
        var window = Duration(query.Step > _options.RateWindow ? query.Step : _options.RateWindow);
        using var gate = new SemaphoreSlim(_options.MaxConcurrentRequests);
        var requests = new List<Task<List<RawSeries>>>();
        for (var s = 0; s < slices.Count; s++)
        {
            foreach (var regex in chunks)
            {
                var promql = Expand(spec.Template, label, regex, window, Duration(query.Step));
                var slice = slices[s];
                var sliceIndex = s;
                requests.Add(RunAsync(gate, promql, slice.Start, slice.End, query.Step, label, sliceIndex, cancellationToken));
            }
        }

        var raw = (await Task.WhenAll(requests)).SelectMany(r => r);
        return Assemble(query, spec, targets, idsByValue, matchShort, slices.Count, raw);
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

    private static List<TimeSeries> Assemble(
        MetricRangeQuery query, PrometheusMetricQuery spec, IReadOnlyDictionary<string, PrometheusTarget> targets, Dictionary<string, List<string>> idsByValue, bool matchShort, int sliceCount, IEnumerable<RawSeries> raw)
    {
        // Per resource id and time slice, the best-ranked series (an exact label match beats an FQDN matched by short name).
        var best = new Dictionary<string, (int Rank, List<MetricPoint> Points)?[]>(StringComparer.Ordinal);
        foreach (var series in raw)
        {
            var rank = 0;
            if (!idsByValue.TryGetValue(series.LabelValue, out var ids))
            {
                var dot = series.LabelValue.IndexOf('.', StringComparison.Ordinal);
                if (!matchShort || dot <= 0 || !idsByValue.TryGetValue(series.LabelValue[..dot], out ids))
                {
                    continue;
                }

                rank = 1;
            }

            foreach (var id in ids)
            {
                if (!best.TryGetValue(id, out var perSlice))
                {
                    perSlice = new (int, List<MetricPoint>)?[sliceCount];
                    best[id] = perSlice;
                }

                if (perSlice[series.Slice] is not { } existing || rank < existing.Rank)
                {
                    perSlice[series.Slice] = (rank, series.Points);
                }
            }
        }

        var result = new List<TimeSeries>(best.Count);
        foreach (var id in query.ResourceIds.Distinct(StringComparer.Ordinal))
        {
            if (!best.TryGetValue(id, out var perSlice))
            {
                continue;
            }

            var divisor = spec.DivideByVCpus ? Math.Max(1, targets[id].VCpus ?? 1) : 1;
            var points = new List<MetricPoint>();
            foreach (var slice in perSlice)
            {
                if (slice is not { } s)
                {
                    continue;
                }

                foreach (var p in s.Points)
                {
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
        SemaphoreSlim gate, string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step, string label, int slice, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var parameters = new List<KeyValuePair<string, string>>
            {
                new("query", promql),
                new("start", UnixSeconds(start)),
                new("end", UnixSeconds(end)),
                new("step", step.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)),
                new("timeout", Duration(_options.Timeout)),
            };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            using var request = _options.UsePost
                ? new HttpRequestMessage(HttpMethod.Post, _queryRangeUri) { Content = new FormUrlEncodedContent(parameters) }
                : new HttpRequestMessage(HttpMethod.Get, new UriBuilder(_queryRangeUri) { Query = QueryString(parameters) }.Uri);
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
                    $"Prometheus at {_options.BaseUrl} did not answer within {_options.Timeout.TotalSeconds:0.#} s. Query: {promql}", promql, errorType: "timeout", innerException: ex);
            }
            catch (HttpRequestException ex)
            {
                throw new PrometheusQueryException($"Could not reach Prometheus at {_options.BaseUrl}: {ex.Message}", promql, innerException: ex);
            }

            return Parse(body, status, promql, label, slice);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Parses a query_range answer: a matrix of series, or an error.</summary>
    internal static List<RawSeries> Parse(byte[] body, HttpStatusCode status, string promql, string label, int slice)
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
            if (resultType != "matrix")
            {
                throw new PrometheusQueryException($"Expected a matrix from query_range, got '{resultType}'. Query: {promql}", promql, status);
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
                if (item.TryGetProperty("values", out var values))
                {
                    foreach (var pair in values.EnumerateArray())
                    {
                        if (pair.GetArrayLength() == 2 && pair[0].TryGetDouble(out var at) && pair[1].ValueKind == JsonValueKind.String
                            && double.TryParse(pair[1].GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
                        {
                            points.Add(new MetricPoint(DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(at * 1000)), v));
                        }
                    }
                }

                series.Add(new RawSeries(value, slice, points));
            }

            return series;
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
    internal sealed record RawSeries(string LabelValue, int Slice, List<MetricPoint> Points);
}
