using Azure.Core;
using Azure.Core.Pipeline;

namespace Watcher.AzureMonitor.Tests;

/// <summary>An Azure.Core transport that records each request (with its body) and answers from a delegate; nothing leaves the process.</summary>
public sealed class MockTransport(Func<AzureRequest, MockResponse> answer) : HttpPipelineTransport
{
    private readonly HttpClientTransport _requestFactory = new();
    private readonly object _lock = new();

    public List<AzureRequest> Requests { get; } = [];

    public override Request CreateRequest() => _requestFactory.CreateRequest();

    public override void Process(HttpMessage message) => Answer(message);

    public override ValueTask ProcessAsync(HttpMessage message)
    {
        Answer(message);
        return ValueTask.CompletedTask;
    }

    private void Answer(HttpMessage message)
    {
        string? body = null;
        if (message.Request.Content is { } content)
        {
            using var stream = new MemoryStream();
            content.WriteTo(stream, CancellationToken.None);
            body = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }

        var request = new AzureRequest(
            message.Request.Method.Method,
            message.Request.Uri.ToUri(),
            message.Request.Headers.TryGetValue(HttpHeader.Names.Authorization, out var auth) ? auth : null,
            body);
        lock (_lock)
        {
            Requests.Add(request);
        }

        message.Response = answer(request);
    }
}
