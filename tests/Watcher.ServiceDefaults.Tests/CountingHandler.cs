using System.Net;

namespace Watcher.ServiceDefaults.Tests;

/// <summary>A primary handler answering 503 a given number of times, then 200; counts the requests it saw.</summary>
internal sealed class CountingHandler(int failuresFirst) : HttpMessageHandler
{
    private int _calls;

    public int Calls => _calls;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        return Task.FromResult(new HttpResponseMessage(call <= failuresFirst ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK));
    }
}
