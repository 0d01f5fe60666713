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
    private readonly int _maxRetries = retry.MaxRetries;

    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        base.ShouldRetry(message, exception) || IsRetriable529(message, exception);

    protected override async ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        await base.ShouldRetryAsync(message, exception) || IsRetriable529(message, exception);

    // The base policy's own retry count is not visible here, so 529 retries are counted on the message.
    private bool IsRetriable529(HttpMessage message, Exception? exception)
    {
        if (exception is not null || !message.HasResponse || message.Response.Status != 529)
        {
            return false;
        }

        var retries = message.TryGetProperty(typeof(AzureMonitorRetryPolicy), out var count) && count is int n ? n : 0;
        if (retries >= _maxRetries)
        {
            return false;
        }

        message.SetProperty(typeof(AzureMonitorRetryPolicy), retries + 1);
        return true;
    }
}
