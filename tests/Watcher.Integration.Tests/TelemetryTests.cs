using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;
using Watcher.LocalHost;
using Watcher.ServiceDefaults;
using Xunit.Abstractions;

namespace Watcher.Integration.Tests;

/// <summary>
/// The local host's OpenTelemetry pipeline (hosts/Watcher.ServiceDefaults), in-process with in-memory exporters: one
/// audit's trace from the HTTP request through the orchestration and its activities, and logs free of secrets.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TelemetryTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Audit_Post_TracesRequestOrchestrationAndActivitiesInOneTrace()
    {
        var spans = new List<Activity>();
        await using var host = await StartAsync(new HostSettings(azurite.ConnectionString), spans, []);

        var uuid = await RunDummyAuditAsync(host.Client);
        // The audit is SUCCEEDED from its last activity on; the orchestration's own span ends a moment later, when the
        // orchestration completes. Under load the flush came first and the span was missing.
        await host.Client.WaitForOrchestrationEndAsync($"audit-{uuid}");
        host.Flush();

        var post = Assert.Single(Snapshot(spans), s => s.Kind == ActivityKind.Server
            && (string?)s.GetTagItem("http.request.method") == "POST" && (string?)s.GetTagItem("url.path") == "/v1/audits");
        var trace = Snapshot(spans).Where(s => s.TraceId == post.TraceId).ToList();
        var names = trace.Select(s => s.DisplayName).ToList();
        output.WriteLine($"audit {uuid}, trace {post.TraceId}: {string.Join(", ", trace.Select(s => $"{s.Source.Name}/{s.DisplayName}"))}");
        Assert.Contains(trace, s => s.Source.Name == "Microsoft.DurableTask" && s.DisplayName.StartsWith("create_orchestration:", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.Source.Name == "Microsoft.DurableTask" && s.DisplayName.StartsWith("orchestration:", StringComparison.Ordinal));
        Assert.True(
            trace.Count(s => s.Source.Name == "Microsoft.DurableTask" && s.DisplayName.StartsWith("activity:", StringComparison.Ordinal)) >= 2,
            $"audit {uuid}: expected the orchestration's activities in the request's trace; it holds: {string.Join(", ", names)}");
    }

    [Fact]
    public async Task Host_AuditRun_LogsNeverContainTheStorageKey()
    {
        var logs = new List<string>();
        var settings = new HostSettings(azurite.ConnectionString);
        await using var host = await StartAsync(settings, [], logs, "--Logging:LogLevel:Default=Debug");

        await RunDummyAuditAsync(host.Client);
        host.Flush();

        var records = Snapshot(logs);
        Assert.Contains(records, r => r.Contains("Watcher", StringComparison.Ordinal));
        var key = azurite.ConnectionString.Split(';').Single(p => p.StartsWith("AccountKey=", StringComparison.Ordinal))["AccountKey=".Length..];
        var leaks = records
            .Where(text => text.Contains(key, StringComparison.Ordinal) || text.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.True(leaks.Count == 0, $"{leaks.Count} log records hold the storage key, e.g. {leaks.FirstOrDefault()}");
    }

    private static async Task<string> RunDummyAuditAsync(WatcherTestClient client)
    {
        var audit = await client.PostAsync("/v1/audits", """{"audit_type": "ONESHOT", "goal": "dummy", "parameters": {"para1": 1}}""", HttpStatusCode.Created);
        var uuid = audit["uuid"]!.GetValue<string>();
        Assert.Equal("SUCCEEDED", await client.WaitForAsync($"/v1/audits/{uuid}", "state", ["SUCCEEDED", "FAILED"], TimeSpan.FromSeconds(60)));
        return uuid;
    }

    private static List<T> Snapshot<T>(List<T> items)
    {
        lock (items)
        {
            return [.. items];
        }
    }

    private static async Task<InProcessHost> StartAsync(HostSettings settings, List<Activity> spans, List<string> logs, params string[] extraArgs)
    {
        var app = LocalHostApp.Build([.. settings.Args, .. extraArgs], builder =>
        {
            builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new SimpleActivityExportProcessor(new LockedExporter<Activity>(spans))));
            builder.Services.ConfigureOpenTelemetryLoggerProvider(l => l.AddProcessor(new SimpleLogRecordExportProcessor(new LogTextExporter(logs))));
        });
        await LocalHostApp.InitializeAsync(app);
        await app.StartAsync();
        return new InProcessHost(app, new WatcherTestClient(settings.BaseUrl));
    }

    /// <summary>The in-memory exporter's idea, with a lock: the host exports from several threads while the test reads.</summary>
    private sealed class LockedExporter<T>(List<T> items) : BaseExporter<T>
        where T : class
    {
        private readonly InMemoryExporter<T> _inner = new(items);

        public override ExportResult Export(in Batch<T> batch)
        {
            lock (items)
            {
                return _inner.Export(batch);
            }
        }
    }

    /// <summary>
    /// Keeps each log record as one line of text (category, message, body, attributes, exception) at export time:
    /// the SDK pools <see cref="LogRecord"/>s, so the records themselves cannot be kept.
    /// </summary>
    private sealed class LogTextExporter(List<string> lines) : BaseExporter<LogRecord>
    {
        public override ExportResult Export(in Batch<LogRecord> batch)
        {
            lock (lines)
            {
                foreach (var r in batch)
                {
                    var attributes = (r.Attributes ?? []).Select(a => $"{a.Key}={a.Value}");
                    lines.Add(string.Join(" | ", new[] { r.CategoryName, r.FormattedMessage, r.Body, r.Exception?.ToString() }.Concat(attributes)));
                }
            }

            return ExportResult.Success;
        }
    }

    private sealed class InProcessHost(WebApplication app, WatcherTestClient client) : IAsyncDisposable
    {
        public WatcherTestClient Client => client;

        public void Flush()
        {
            app.Services.GetRequiredService<TracerProvider>().ForceFlush();
            app.Services.GetService<LoggerProvider>()?.ForceFlush();
        }

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
