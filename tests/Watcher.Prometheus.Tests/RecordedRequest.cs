namespace Watcher.Prometheus.Tests;

/// <summary>One request as <see cref="StubHandler"/> saw it: method, address, form (or query-string) fields and headers.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Fields, IReadOnlyDictionary<string, string>? Headers = null)
{
    public string Query => Fields["query"];

    /// <summary>A request header's value (values joined by ", "), or null.</summary>
    public string? Header(string name) => Headers is not null && Headers.TryGetValue(name, out var value) ? value : null;
}
