using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Watcher.BlobStorage;
using Watcher.Testing;
using Xunit.Abstractions;

namespace Watcher.ServiceDefaults.Tests;

/// <summary>
/// <c>/health/ready</c> on the blob store of the test's own Azurite through a storage outage: Azurite is stopped, the
/// endpoint must answer 503 in under 2 s (every time, not only the first), <c>/health/live</c> stays 200, and once
/// Azurite is started again on the same ports and data the endpoint is ready again.
/// </summary>
public sealed class StorageOutageHealthTests(ITestOutputHelper output)
{
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Ready_AzuriteStoppedThenStarted_503WithinTwoSecondsThenReadyAgain()
    {
        await using var azurite = new RestartableAzurite();
        await azurite.StartAsync();
        var store = new BlobDocumentStore(azurite.ConnectionString, "health-outage");
        await using var app = await TestApps.StartAsync(TestApps.Builder(store));
        using var client = app.GetTestClient();
        // The first probes create the container and JIT the storage client: wait until ready, without the time bound.
        Assert.Equal(HttpStatusCode.OK, await WaitReadyAsync(client, bounded: false));

        azurite.Stop();
        for (var i = 0; i < 5; i++)
        {
            var (status, elapsed, body) = await GetAsync(client, ServiceDefaultsExtensions.ReadyPath);
            output.WriteLine($"outage, ready #{i}: {(int)status} in {elapsed.TotalMilliseconds:0} ms");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.True(elapsed < AnswerBound, $"/health/ready took {elapsed} during the outage");
            Assert.Equal("Unhealthy", (string?)body["checks"]!["storage"]!["status"]);
            var live = await GetAsync(client, ServiceDefaultsExtensions.LivePath);
            Assert.Equal(HttpStatusCode.OK, live.Status);
            Assert.True(live.Elapsed < TimeSpan.FromMilliseconds(500), $"/health/live took {live.Elapsed}");
            await Task.Delay(TimeSpan.FromMilliseconds(700));
        }

        await azurite.StartAsync();
        var back = Stopwatch.StartNew();
        var last = await WaitReadyAsync(client, bounded: true);
        output.WriteLine($"ready again {back.ElapsedMilliseconds} ms after Azurite listened again");
        Assert.Equal(HttpStatusCode.OK, last);
    }

    private static async Task<HttpStatusCode> WaitReadyAsync(HttpClient client, bool bounded)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var (status, elapsed, body) = await GetAsync(client, ServiceDefaultsExtensions.ReadyPath);
            Assert.True(!bounded || elapsed < AnswerBound, $"/health/ready took {elapsed}: {body.ToJsonString()}");
            if (status == HttpStatusCode.OK || watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private static async Task<(HttpStatusCode Status, TimeSpan Elapsed, JsonNode Body)> GetAsync(HttpClient client, string path)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (response.StatusCode, watch.Elapsed, body);
    }
}
