namespace Watcher.Prometheus.Tests;

/// <summary>Counts the requests that pass through to the real network handler.</summary>
public sealed class CountingHandler() : DelegatingHandler(new HttpClientHandler())
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return base.SendAsync(request, cancellationToken);
    }
}
