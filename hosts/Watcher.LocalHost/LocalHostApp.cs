using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc.Internal;
using Microsoft.Extensions.Options;
using Watcher.Api;
using Watcher.Api.Auth;
using Watcher.Api.Hardening;
using Watcher.Application;
using Watcher.Application.Plugins;
using Watcher.Application.Ports;
using Watcher.AzureMonitor;
using Watcher.BlobStorage;
using Watcher.Keystone;
using Watcher.OpenStack;
using Watcher.Optimization;
using Watcher.Prometheus;
using Watcher.Orchestrations;
using Watcher.ServiceDefaults;
using Watcher.Simulator;

namespace Watcher.LocalHost;

/// <summary>
/// Builds the local host: the API's route table on Kestrel, a Durable Task gRPC sidecar backed by the Azure Storage
/// engine (the one Azure Functions uses) on Azurite or a real account, the worker and client connected to it, and the timers.
/// </summary>
public static class LocalHostApp
{
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--Watcher:TaskHub=...</c>).</param>
    /// <param name="configure">Lets a test add services (for example an in-memory trace exporter) before the app is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Content root = the app's folder, so its appsettings.json is found whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.AddServiceDefaults();
        builder.AddValidatedOptions<WatcherOptions>("Watcher");
        builder.AddValidatedOptions<LocalHostOptions>("Watcher:Local");
        builder.AddValidatedOptions<ExecutionOptions>(ExecutionOptions.Section);
        builder.AddValidatedOptions<Watcher.Orchestrations.Activities.Audit.HistoryOptions>(Watcher.Orchestrations.Activities.Audit.HistoryOptions.Section);
        var local = builder.Configuration.GetSection("Watcher:Local").Get<LocalHostOptions>() ?? new LocalHostOptions();
        var watcher = builder.Configuration.GetSection("Watcher").Get<WatcherOptions>() ?? new WatcherOptions();
        var apiUri = new Uri(local.Url);
        var apiAddress = apiUri.Host is "localhost" or "127.0.0.1" ? IPAddress.Loopback : IPAddress.Parse(apiUri.Host);
        var sidecarPort = local.SidecarPort == 0 ? FreePort() : local.SidecarPort;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, sidecarPort, l => l.Protocols = HttpProtocols.Http2);
            k.Listen(apiAddress, apiUri.Port, l => l.Protocols = HttpProtocols.Http1);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.Services.AddSingleton(watcher);
        builder.Services.AddWatcherApplication()
            .AddBlobStorage(builder.Configuration)
            .AddSimulator(builder.Configuration)
            .AddOpenStack(builder.Configuration)
            .AddPrometheus(builder.Configuration)
            .AddAzureMonitor(builder.Configuration)
            .AddStrategy<OptimalConsolidationStrategy>();
        // The API's identity (docs/security.md): Watcher:Auth:Mode none (loopback only), keystone or api_key.
        builder.Services.AddWatcherAuth(builder.Configuration).AddKeystoneAuth(builder.Configuration);
        // Host check, links, Content-Type, CORS, rate limits and work limits (Watcher:Http, docs/security.md "Web hardening").
        builder.Services.AddWatcherHttp(builder.Configuration);

        // The Durable engine (docs/scale.md): partitions shared by every host process on the task hub, leases that
        // move a dead worker's partitions to the others, and activity messages kept invisible while they run.
        builder.AddValidatedOptions<DurableOptions>(DurableOptions.Section);
        var durable = builder.Configuration.GetSection(DurableOptions.Section).Get<DurableOptions>() ?? new DurableOptions();
        var execution = builder.Configuration.GetSection(ExecutionOptions.Section).Get<ExecutionOptions>() ?? new ExecutionOptions();
        var longestAction = execution.Timeouts.Values.Append(execution.DefaultTimeoutSeconds).Max();
        if (durable.Problems(local.VisibilityTimeoutSeconds, longestAction) is { Count: > 0 } problems)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        builder.Services.AddSingleton(sp => new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(watcher.StorageConnectionString),
            TaskHubName = watcher.TaskHub,
            PartitionCount = durable.PartitionCount,
            UseTablePartitionManagement = true,
            LeaseInterval = TimeSpan.FromSeconds(durable.LeaseIntervalSeconds),
            LeaseRenewInterval = TimeSpan.FromSeconds(durable.LeaseRenewIntervalSeconds),
            LeaseAcquireInterval = TimeSpan.FromSeconds(durable.LeaseRenewIntervalSeconds),
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            WorkerId = local.WorkerId,
            WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(local.VisibilityTimeoutSeconds),
            ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(local.VisibilityTimeoutSeconds),
            LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
            // The sidecar puts protobuf maps into sub-orchestration start events; see PlainDictionaryTypeBinder (issue 7).
            CustomMessageTypeBinder = new PlainDictionaryTypeBinder(),
        }));
        builder.Services.AddSingleton<IOrchestrationService>(sp => new ActivityLockRenewal(
            sp.GetRequiredService<AzureStorageOrchestrationService>(), local.WorkerId, durable.RenewActivityLocks, sp.GetRequiredService<ILogger<ActivityLockRenewal>>()));
        builder.Services.AddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<SidecarLifetime>();
        builder.Services.AddSingleton(sp => new TaskHubGrpcServer(
            sp.GetRequiredService<SidecarLifetime>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<IOrchestrationService>(),
            sp.GetRequiredService<IOrchestrationServiceClient>(),
            Options.Create(new TaskHubGrpcServerOptions { Mode = TaskHubGrpcServerMode.ApiServerAndDispatcher })));

        // The worker and the client get separate channels. The worker may start a few milliseconds before Kestrel
        // listens; a failed connect puts a balancer channel into back-off, and a client sharing it would then fail
        // API calls fast with "Unavailable". The client's channel is passive (no connectivity state): each call
        // simply connects.
        var sidecar = $"http://127.0.0.1:{sidecarPort}";
        var workerChannel = GrpcChannel.ForAddress(sidecar);
        var clientChannel = GrpcChannel.ForAddress(sidecar, new GrpcChannelOptions { HttpHandler = new PassiveHandler(new SocketsHttpHandler()) });
        builder.Services.AddSingleton(new SidecarChannels(workerChannel, clientChannel));
        builder.Services.AddDurableTaskWorker(b =>
        {
            b.AddTasks(r => r.AddWatcherTasks());
            b.Configure(o => o.Logging.UseLegacyCategories = false);
            b.UseGrpc(o =>
            {
                o.Channel = workerChannel;
                o.SetSilentDisconnectTimeout(TimeSpan.Zero);
            });
        });
        builder.Services.AddDurableTaskClient(b => b.UseGrpc(clientChannel));
        builder.Services.AddSingleton<IWorkflowEngine>(sp => new DurableWorkflowEngine(sp.GetRequiredService<DurableTaskClient>()));
        builder.Services.AddHostedService<StopDurableWorkerFirst>();
        builder.Services.AddHostedService<ContinuousAuditTimer>();
        builder.Services.AddHostedService<MaintenanceReturnTimer>();
        builder.Services.AddHostedService<ReconcilerTimer>();

        configure?.Invoke(builder);
        var app = builder.Build();
        var auth = app.Services.GetRequiredService<WatcherAuthSettings>();
        auth.RequireLoopbackWhenOpen(apiAddress);
        auth.LogMode(app.Logger);
        app.UseWatcherSecurityHeaders();
        app.MapDefaultEndpoints();
        app.MapGrpcService<TaskHubGrpcServer>().RequireHost($"*:{sidecarPort}");
        // The API's routes only on its own port (the gRPC sidecar shares Kestrel). Unmatched requests get Watcher's 404
        // body; the fallback is app-wide, as before: RequireHost on a catch-all fallback was seen not to keep it off the
        // sidecar's port (Microsoft.AspNetCore.Routing 10), so restricting it would only claim what routing does not do.
        app.MapGroup(string.Empty).RequireHost($"*:{apiUri.Port}").MapWatcherApi();
        app.MapFallback(WatcherApi.WriteNotFoundAsync);
        return app;
    }

    /// <summary>Creates the task hub's queues and tables and the simulator's initial state before serving.</summary>
    public static async Task InitializeAsync(WebApplication app)
    {
        var watcher = app.Services.GetRequiredService<WatcherOptions>();
        var durable = app.Services.GetRequiredService<IOptions<DurableOptions>>().Value;
        var existing = await TaskHubPartitions.CountAsync(watcher.StorageConnectionString, watcher.TaskHub);
        for (var look = 0; look < 3 && existing > 0 && existing < durable.PartitionCount; look++)
        {
            // Fewer queues than configured may also be another replica creating the task hub right now: look again
            // while the count still grows.
            await Task.Delay(TimeSpan.FromSeconds(2));
            var again = await TaskHubPartitions.CountAsync(watcher.StorageConnectionString, watcher.TaskHub);
            if (again == existing)
            {
                break;
            }

            existing = again;
        }

        if (TaskHubPartitions.Mismatch(watcher.TaskHub, existing, durable.PartitionCount) is { } mismatch)
        {
            throw new InvalidOperationException(mismatch);
        }

        await app.Services.GetRequiredService<AzureStorageOrchestrationService>().CreateIfNotExistsAsync();
        await app.Services.GetRequiredService<SimulatedCloud>().EnsureInitializedAsync();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
