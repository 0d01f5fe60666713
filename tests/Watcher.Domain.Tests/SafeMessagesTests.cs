using Watcher.Domain.Errors;

namespace Watcher.Domain.Tests;

/// <summary>Only Watcher's own messages reach stored or returned fields; infrastructure text is withheld (docs/security.md).</summary>
public sealed class SafeMessagesTests
{
    [Fact]
    public void Of_WatcherException_KeepsItsMessage()
    {
        Assert.Equal("'name' must be at most 63 characters.", SafeMessages.Of(new ValidationException("'name' must be at most 63 characters.")));
    }

    [Fact]
    public void Of_InfrastructureException_WithholdsItsText()
    {
        var message = SafeMessages.Of(new HttpRequestException("Connection refused (storage.internal:10000) AccountKey=c2VjcmV0"));

        Assert.DoesNotContain("AccountKey", message, StringComparison.Ordinal);
        Assert.DoesNotContain("storage.internal", message, StringComparison.Ordinal);
        Assert.Contains("HttpRequestException", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Watcher.Domain.Actions.ActionFailedException", "nova said no", "nova said no")]
    [InlineData("Grpc.Core.RpcException", "Status(StatusCode=Unavailable, Detail=\"http://10.0.0.4:7072\")", "an internal error occurred (RpcException); the details are in the service log")]
    [InlineData(null, null, "an internal error occurred (unknown error); the details are in the service log")]
    public void Of_FailureDetails_ByErrorType(string? type, string? message, string expected)
    {
        Assert.Equal(expected, SafeMessages.Of(type, message));
    }

    [Theory]
    [InlineData("Prometheus at http://admin:s3cret@prom.internal:9090/api/v1/query failed", "Prometheus at http://***@prom.internal:9090/api/v1/query failed")]
    [InlineData("GET https://acct.blob.core.windows.net/c/b?sv=2024&sig=AbC%2Fdef&se=1 refused", "GET https://acct.blob.core.windows.net/c/b?sv=2024&sig=***&se=1 refused")]
    [InlineData("keystone refused X-Auth-Token: gAAAAABlongtokenvalue", "keystone refused X-Auth-Token: ***")]
    [InlineData("sent Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig", "sent Bearer ***")]
    [InlineData("no credentials at http://prom.internal:9090/?query=up", "no credentials at http://prom.internal:9090/?query=up")]
    public void Of_WatcherMessageQuotingCredentials_MasksThem(string message, string expected)
    {
        Assert.Equal(expected, SafeMessages.Of("Watcher.Prometheus.PrometheusException", message));
    }
}
