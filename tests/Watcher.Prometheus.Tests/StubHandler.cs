using System.Net;
using System.Text;

namespace Watcher.Prometheus.Tests;

/// <summary>An HTTP handler that records requests (with their form fields) and answers from a delegate.</summary>
public sealed class StubHandler(Func<RecordedRequest, HttpResponseMessage> answer) : HttpMessageHandler
{
    private readonly object _lock = new();

    public List<RecordedRequest> Requests { get; } = [];

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? request.RequestUri!.Query.TrimStart('?') : await request.Content.ReadAsStringAsync(cancellationToken);
        var fields = body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, fields, headers);
        lock (_lock)
        {
            Requests.Add(recorded);
        }

        return answer(recorded);
    }
}
