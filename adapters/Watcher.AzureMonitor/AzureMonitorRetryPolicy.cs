using Azure.Core;
using Azure.Core.Pipeline;

namespace Watcher.AzureMonitor;

/// <summary>
/// Azure.Core's retry policy (exponential backoff with jitter, honouring <c>Retry-After</c> and <c>retry-after-ms</c>)
/// with <see cref="RetryOptions"/>' count and delays, plus HTTP 529, which the metrics data plane answers when it throttles.
/// </summary>
internal sealed class AzureMonitorRetryPolicy(RetryOptions retry)
    : RetryPolicy(retry.MaxRetries, DelayStrategy.CreateExponentialDelayStrategy(retry.Delay, retry.MaxDelay))
{
    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        base.ShouldRetry(message, exception) || (exception is null && message.HasResponse && message.Response.Status == 529);

    protected override async ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        await base.ShouldRetryAsync(message, exception) || (exception is null && message.HasResponse && message.Response.Status == 529);
}
