using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Watcher.OpenStack.Tests;

/// <summary>The Keystone client on a stub handler: token cache and refresh, catalog endpoints, microversions, error messages and the retry policy.</summary>
public sealed class OpenStackClientTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static OpenStackOptions Options(Action<OpenStackOptions>? configure = null)
    {
        var options = new OpenStackOptions { Username = "watcher", Password = "secret", ProjectName = "service", MaxRetries = 0 };
        configure?.Invoke(options);
        return options;
    }

    [Fact]
    public async Task GetAsync_ManyCalls_OneTokenUntilTheRefreshMargin()
    {
        var time = new FakeTimeProvider(Now);
        var stub = new StubKeystoneHandler(Now.AddHours(1));
        var client = new OpenStackClient(new HttpClient(stub), Options(o => o.TokenRefreshMargin = TimeSpan.FromMinutes(5)), time);

        await client.GetAsync(OpenStackClient.Compute, "servers");
        time.Advance(TimeSpan.FromMinutes(54));
        await client.GetAsync(OpenStackClient.Compute, "servers");
        Assert.Equal(1, stub.TokensIssued);

        time.Advance(TimeSpan.FromMinutes(1.5));
        await client.GetAsync(OpenStackClient.Compute, "servers");

        Assert.Equal(2, stub.TokensIssued);
        Assert.Equal("token-2", stub.Requests[^1].Headers.GetValues("X-Auth-Token").Single());
    }

    [Fact]
    public async Task SendAsync_Unauthorized_ReauthenticatesOnceAndRetries()
    {
        var stub = new StubKeystoneHandler(Now.AddHours(1));
        stub.Enqueue(HttpStatusCode.Unauthorized, "{}");
        stub.Enqueue(HttpStatusCode.OK, """{"servers": []}""");
        var client = new OpenStackClient(new HttpClient(stub), Options(), new FakeTimeProvider(Now));

        var body = await client.GetAsync(OpenStackClient.Compute, "servers");

        Assert.NotNull(body["servers"]);
        Assert.Equal(2, stub.TokensIssued);
    }

    [Fact]
    public async Task GetAsync_RegionAndInterfaceConfigured_UsesThatCatalogEndpointAndMicroversion()
    {
        var stub = new StubKeystoneHandler(Now.AddHours(1));
        var client = new OpenStackClient(new HttpClient(stub), Options(o => { o.Interface = "internal"; o.Region = "RegionOne"; }), new FakeTimeProvider(Now));

        await client.GetAsync(OpenStackClient.Compute, "os-hypervisors/detail");

        var request = stub.Requests[^1];
        Assert.Equal("http://nova-internal/v2.1/os-hypervisors/detail", request.RequestUri!.ToString());
        Assert.Equal("compute 2.80", request.Headers.GetValues("OpenStack-API-Version").Single());
    }

    [Fact]
    public async Task GetAsync_ServiceMissingFromCatalog_FailsNamingIt()
    {
        var client = new OpenStackClient(new HttpClient(new StubKeystoneHandler(Now.AddHours(1))), Options(), new FakeTimeProvider(Now));

        var ex = await Assert.ThrowsAsync<OpenStackApiException>(() => client.GetAsync(OpenStackClient.VolumeV3, "volumes"));

        Assert.Contains("volumev3", ex.Message, StringComparison.Ordinal);
        Assert.False(await client.HasServiceAsync(OpenStackClient.VolumeV3));
    }

    [Fact]
    public async Task SendAsync_NovaError_MessageIsNovasOwn()
    {
        var stub = new StubKeystoneHandler(Now.AddHours(1));
        stub.Enqueue(HttpStatusCode.BadRequest, """{"badRequest": {"code": 400, "message": "Compute host compute-99 could not be found."}}""");
        var client = new OpenStackClient(new HttpClient(stub), Options(), new FakeTimeProvider(Now));

        var ex = await Assert.ThrowsAsync<OpenStackApiException>(() => client.SendAsync(HttpMethod.Post, OpenStackClient.Compute, "servers/x/action", new System.Text.Json.Nodes.JsonObject()));

        Assert.Equal(HttpStatusCode.BadRequest, ex.Status);
        Assert.EndsWith("400: Compute host compute-99 could not be found.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_ApplicationCredential_SentWithoutScope()
    {
        var stub = new StubKeystoneHandler(Now.AddHours(1));
        var client = new OpenStackClient(new HttpClient(stub), new OpenStackOptions { ApplicationCredentialId = "ac-id", ApplicationCredentialSecret = "ac-secret" }, new FakeTimeProvider(Now));

        await client.GetAsync(OpenStackClient.Compute, "servers");

        var auth = System.Text.Json.Nodes.JsonNode.Parse(stub.Bodies[0])!["auth"]!;
        Assert.Equal("application_credential", auth["identity"]!["methods"]![0]!.GetValue<string>());
        Assert.Equal("ac-secret", auth["identity"]!["application_credential"]!["secret"]!.GetValue<string>());
        Assert.Null(auth["scope"]);
    }

    [Fact]
    public void Options_NoCredentials_ProblemNamesTheSettings()
    {
        var problems = new OpenStackOptions().Problems();

        Assert.Contains(problems, p => p.Contains("Username", StringComparison.Ordinal) && p.Contains("ApplicationCredentialId", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task Pipeline_BusyOrServerError_RetriedWithBackoffThenSucceeds(HttpStatusCode status)
    {
        var stub = new StubKeystoneHandler(Now.AddHours(1));
        stub.Enqueue(status, """{"conflictingRequest": {"message": "busy"}}""");
        stub.Enqueue(HttpStatusCode.OK, """{"servers": []}""");
        var options = Options(o => { o.MaxRetries = 2; o.RetryDelay = TimeSpan.FromMilliseconds(1); });
        var services = new ServiceCollection().AddOpenStack(options);
        services.AddHttpClient(OpenStackServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => stub);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<OpenStackClient>();

        var body = await client.GetAsync(OpenStackClient.Compute, "servers");

        Assert.NotNull(body["servers"]);
        Assert.Equal(3, stub.Requests.Count);
    }

    [Fact]
    public async Task Pipeline_NotFound_NotRetried()
    {
        var stub = new StubKeystoneHandler(Now.AddHours(1));
        stub.Enqueue(HttpStatusCode.NotFound, """{"itemNotFound": {"message": "Instance x could not be found."}}""");
        var services = new ServiceCollection().AddOpenStack(Options(o => { o.MaxRetries = 3; o.RetryDelay = TimeSpan.FromMilliseconds(1); }));
        services.AddHttpClient(OpenStackServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => stub);
        await using var provider = services.BuildServiceProvider();

        var ex = await Assert.ThrowsAsync<OpenStackApiException>(() => provider.GetRequiredService<OpenStackClient>().GetAsync(OpenStackClient.Compute, "servers/x"));

        Assert.Equal(HttpStatusCode.NotFound, ex.Status);
        Assert.Equal(2, stub.Requests.Count);
    }
}
