namespace Watcher.Api.Tests;

/// <summary>Routing and microversion negotiation, in memory.</summary>
public sealed class RoutingTests
{
    [Fact]
    public async Task UnknownPath_Get_ReturnsWatcherNotFoundBody()
    {
        await using var host = await ApiTestHost.StartAsync();
        var (status, body, _) = await host.SendAsync(HttpMethod.Get, "/v1/nothing_here");
        Assert.Equal(404, status);
        Assert.Contains("/v1/nothing_here", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_OutOfRange_Returns406NamingRange()
    {
        await using var host = await ApiTestHost.StartAsync();
        var (status, body, _) = await host.SendAsync(HttpMethod.Get, "/v1/goals", version: "1.99");
        Assert.Equal(406, status);
        Assert.Contains($"[{WatcherApi.MinVersion}, {WatcherApi.MaxVersion}]", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_Latest_EchoesMaximumVersion()
    {
        await using var host = await ApiTestHost.StartAsync();
        var (status, _, response) = await host.SendAsync(HttpMethod.Get, "/v1/goals", version: "latest");
        Assert.Equal(200, status);
        Assert.Equal($"infra-optim {WatcherApi.MaxVersion}", response.Headers.GetValues("OpenStack-API-Version").Single());
    }

    [Fact]
    public async Task Version_NoHeader_AnswersAsMinimumVersion()
    {
        await using var host = await ApiTestHost.StartAsync();
        var (status, _, response) = await host.SendAsync(HttpMethod.Get, "/v1", version: null);
        Assert.Equal(200, status);
        Assert.Equal($"infra-optim {WatcherApi.MinVersion}", response.Headers.GetValues("OpenStack-API-Version").Single());
    }
}
