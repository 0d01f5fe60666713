using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Watcher.Api.Auth;
using Watcher.Api.Hardening;
using Watcher.Application;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations;
using Watcher.Simulator;

namespace Watcher.Api.Tests;

/// <summary>
/// The route table served in memory: a TestServer (no sockets), an in-memory document store instead of blobs, and the
/// in-process Durable engine instead of the Azure Storage one, so audits really run, in milliseconds.
/// </summary>
internal sealed class ApiTestHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private ApiTestHost(WebApplication app)
    {
        this.app = app;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => app.Services;

    /// <param name="hosts">Compute nodes of the simulated cluster.</param>
    /// <param name="instances">Instances of the simulated cluster.</param>
    /// <param name="configure">Lets a test add services or configuration (another cloud, say) before the app is built.</param>
    public static async Task<ApiTestHost> StartAsync(int hosts = 6, int instances = 20, Action<WebApplicationBuilder>? configure = null)
    {
        // The in-process Durable engine picks a free loopback port and then binds it; tests running in parallel can
        // race for the same one, so a start that loses the race is retried with a fresh host.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(hosts, instances, configure);
            }
            catch (IOException ex) when (attempt < 5 && ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
            }
        }
    }

    private static async Task<ApiTestHost> StartOnceAsync(int hosts, int instances, Action<WebApplicationBuilder>? configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Watcher:Simulator:Hosts"] = hosts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Watcher:Simulator:Instances"] = instances.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Services.AddSingleton<IDocumentStore>(new IndexedDocumentStore(new InMemoryDocumentStore(), new InMemoryDocumentIndex()));
        builder.Services.AddWatcherApplication().AddSimulator(builder.Configuration);
        builder.Services.AddInMemoryDurableTask(r => r.AddWatcherTasks());
        builder.Services.AddWatcherAuth(builder.Configuration); // mode none unless a test configures Watcher:Auth
        builder.Services.AddWatcherHttp(builder.Configuration); // Watcher:Http defaults unless a test configures them
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapWatcherApi();
        app.MapFallback(WatcherApi.WriteNotFoundAsync);
        await app.Services.GetRequiredService<SimulatedCloud>().EnsureInitializedAsync();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new ApiTestHost(app);
    }

    /// <summary>Sends a request at <paramref name="version"/> (the newest by default; null sends no header, so 1.0).</summary>
    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, JsonNode? body = null, string? version = "latest")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (version is not null)
        {
            request.Headers.Add("OpenStack-API-Version", "infra-optim " + version);
        }

        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    public async Task<JsonNode> GetOkAsync(string path, string? version = "latest")
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, path, version: version);
        Assert.True(status == 200, $"GET {path}: {status} {body?.ToJsonString()}");
        return body!;
    }

    public async Task<JsonNode> CreateAsync(string path, JsonObject body)
    {
        var (status, created, _) = await SendAsync(HttpMethod.Post, path, body);
        Assert.True(status == 201, $"POST {path}: {status} {created?.ToJsonString()}");
        return created!;
    }

    /// <summary>Watcher's fault string out of an error body.</summary>
    public static string Fault(JsonNode? body) =>
        JsonNode.Parse(body!["error_message"]!.GetValue<string>())!["faultstring"]!.GetValue<string>();

    /// <summary>Waits for an audit to reach one of <paramref name="states"/>.</summary>
    public async Task<JsonNode> WaitForAuditAsync(string uuid, params string[] states)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var audit = await GetOkAsync($"/v1/audits/{uuid}");
            if (states.Contains(audit["state"]!.GetValue<string>()) || DateTime.UtcNow > deadline)
            {
                Assert.Contains(audit["state"]!.GetValue<string>(), states);
                return audit;
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
