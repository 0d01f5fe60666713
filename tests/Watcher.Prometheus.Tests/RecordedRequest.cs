namespace Watcher.Prometheus.Tests;

/// <summary>One request as <see cref="StubHandler"/> saw it: method, address and form (or query-string) fields.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Fields)
{
    public string Query => Fields["query"];
}
