using Microsoft.DurableTask;
using Watcher.Orchestrations.Orchestrators;

namespace Watcher.Orchestrations.Tests;

/// <summary>Which activity failures count as a storage outage (long retries) rather than a failure to give up on soon.</summary>
public sealed class RetryPoliciesTests
{
    private static TaskFailureDetails Failure(string type, TaskFailureDetails? inner = null) => new(type, "message", null, inner, null);

    [Fact]
    public void IsStorageOutage_SdkRetriesExhaustedOnRefusedConnection_True()
    {
        // Azure.Core's retry policy throws an AggregateException of the RequestFailedExceptions wrapping the refused connection.
        var failure = Failure("System.AggregateException", Failure("Azure.RequestFailedException", Failure("System.Net.Http.HttpRequestException")));

        Assert.True(RetryPolicies.IsStorageOutage(failure));
    }

    [Theory]
    [InlineData("System.Net.Http.HttpRequestException")] // a cloud or a datasource down: short retries
    [InlineData("Watcher.Domain.Persistence.ConcurrencyConflictException")]
    [InlineData("System.InvalidOperationException")]
    public void IsStorageOutage_OtherFailures_False(string type)
    {
        Assert.False(RetryPolicies.IsStorageOutage(Failure(type)));
    }
}
