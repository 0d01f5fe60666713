using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Watcher.Api.Auth;
using Watcher.Application;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations;
using Watcher.Simulator;

namespace Watcher.Api.Tests;

/// <summary>
/// Request framing over a real socket (Kestrel on loopback, not the TestServer, which never sees raw bytes): conflicting
/// Transfer-Encoding and Content-Length, bad chunks and short bodies are answered with a 4xx, never a 500.
/// </summary>
public sealed class RawHttpFramingTests
{
    [Theory]
    [InlineData("Content-Length: 10\r\nTransfer-Encoding: chunked\r\n", "5\r\n{\"a\":\r\n0\r\n\r\n")]
    [InlineData("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n", "2\r\n{}\r\n0\r\n\r\n")]
    [InlineData("Content-Length: 2\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "2\r\n{}\r\n0\r\n\r\n")]
    [InlineData("Transfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n")]
    [InlineData("Transfer-Encoding: chunked\r\n", "2\r\n{}XX0\r\n\r\n")]
    [InlineData("Transfer-Encoding: gzip\r\n", "{}")]
    [InlineData("Transfer-Encoding: chunked, identity\r\n", "2\r\n{}\r\n0\r\n\r\n")]
    [InlineData("Content-Length: 2\r\nContent-Length: 3\r\n", "{}")]
    [InlineData("Content-Length: -1\r\n", "{}")]
    [InlineData("Content-Length: 99999999999999999999\r\n", "{}")]
    [InlineData("Content-Length: 50\r\n", "{\"name\": \"short\"}")]
    public async Task Post_BadFraming_Returns4xx(string headers, string body)
    {
        await using var app = await StartKestrelAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

        foreach (var path in new[] { "/v1/audit_templates", "/v1/simulator/reset", "/v1/audits" })
        {
            var status = await SendRawAsync(port, $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nOpenStack-API-Version: infra-optim latest\r\n{headers}Connection: close\r\n\r\n{body}");

            Assert.True(status is >= 400 and < 500, $"POST {path} with {headers.Replace("\r\n", "; ", StringComparison.Ordinal)}: {status}");
        }

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.Contains("\"audit_templates\":[]", await client.GetStringAsync("/v1/audit_templates"), StringComparison.Ordinal);
    }

    /// <summary>
    /// The status of the answer to <paramref name="request"/>. A body shorter than announced gets no answer until the
    /// client stops sending, so after a second without one the sending side is shut; a connection closed without any
    /// answer counts as 400 (the server refused the request), a hang as 0.
    /// </summary>
    private static async Task<int> SendRawAsync(int port, string request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        var answer = new StringBuilder();
        using var overall = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var shut = false;
        while (true)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(overall.Token);
            wait.CancelAfter(TimeSpan.FromSeconds(1));
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, wait.Token);
            }
            catch (OperationCanceledException) when (!overall.IsCancellationRequested && !shut)
            {
                socket.Client.Shutdown(SocketShutdown.Send);
                shut = true;
                continue;
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
            catch (IOException)
            {
                read = 0;
            }

            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            var text = answer.ToString();
            if (text.Contains("\r\n", StringComparison.Ordinal))
            {
                Console.WriteLine($"{request.Split("\r\n\r\n")[0].Replace("\r\n", "; ", StringComparison.Ordinal)} => {text.Split("\r\n")[0]}{(shut ? " (after shutting the sending side)" : string.Empty)}");
                return int.Parse(text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            }

            if (read == 0)
            {
                Console.WriteLine($"{request.Split("\r\n\r\n")[0].Replace("\r\n", "; ", StringComparison.Ordinal)} => closed without an answer");
                return 400;
            }
        }
    }

    private static async Task<WebApplication> StartKestrelAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Watcher:Simulator:Hosts"] = "4", ["Watcher:Simulator:Instances"] = "8" });
        builder.Services.AddSingleton<IDocumentStore>(new InMemoryDocumentStore());
        builder.Services.AddWatcherApplication().AddSimulator(builder.Configuration);
        builder.Services.AddInMemoryDurableTask(r => r.AddWatcherTasks());
        builder.Services.AddWatcherAuth(builder.Configuration);
        var app = builder.Build();
        app.MapWatcherApi();
        app.MapFallback(WatcherApi.WriteNotFoundAsync);
        await app.Services.GetRequiredService<SimulatedCloud>().EnsureInitializedAsync();
        await app.StartAsync();
        return app;
    }
}
