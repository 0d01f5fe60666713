using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application;
using Watcher.Application.Plugins;
using Watcher.Application.Requests;
using Watcher.Application.Services;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Metrics;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Domain.Strategies;
using Watcher.Orchestrations.Contracts;
using Watcher.Simulator;

namespace Watcher.Orchestrations.Tests;

/// <summary>
/// The real orchestrators and activities on the in-process Durable test host, with an in-memory document store and a
/// small simulated cluster (6 hosts, 16 instances, as the integration tests use). One per test, so tests share nothing.
/// </summary>
public sealed class OrchestrationHost : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly DurableTaskTestHost _host;

    private OrchestrationHost(DurableTaskTestHost host)
    {
        _host = host;
        Repository = host.Services.GetRequiredService<WatcherRepository>();
        Cloud = host.Services.GetRequiredService<SimulatedCloud>();
        var engine = new DurableWorkflowEngine(host.Client);
        Audits = ActivatorUtilities.CreateInstance<AuditService>(host.Services, engine);
        Plans = ActivatorUtilities.CreateInstance<ActionPlanService>(host.Services, engine);
        Rollbacks = ActivatorUtilities.CreateInstance<RollbackService>(host.Services, engine);
    }

    public WatcherRepository Repository { get; }

    public SimulatedCloud Cloud { get; }

    public AuditService Audits { get; }

    public ActionPlanService Plans { get; }

    public RollbackService Rollbacks { get; }

    public DurableTaskClient Client => _host.Client;

    /// <summary>The worker's container (to run one activity directly).</summary>
    public IServiceProvider Services => _host.Services;

    /// <param name="operationDelayMs">How long each simulated cloud operation takes.</param>
    /// <param name="execution">Changes the execution options (action timeouts) from their defaults.</param>
    /// <param name="services">Registers more services after the defaults (a fake metrics source, a test strategy, a clock).</param>
    public static async Task<OrchestrationHost> StartAsync(int operationDelayMs = 0, Action<ExecutionOptions>? execution = null, Action<IServiceCollection>? services = null)
    {
        var store = new InMemoryDocumentStore();
        var simulator = new SimulatorOptions { Hosts = 6, Instances = 16, Seed = 3, OperationDelayMs = operationDelayMs };
        var host = await StartHostAsync(store, simulator, execution ?? (_ => { }), services ?? (_ => { }));
        var started = new OrchestrationHost(host);
        await started.Cloud.EnsureInitializedAsync();
        return started;
    }

    /// <summary>
    /// The in-process Durable engine picks a free loopback port and then binds it; tests running in parallel can race
    /// for the same one, so a start that loses the race is retried.
    /// </summary>
    private static async Task<DurableTaskTestHost> StartHostAsync(InMemoryDocumentStore store, SimulatorOptions simulator, Action<ExecutionOptions> execution, Action<IServiceCollection> more)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartHostOnceAsync(store, simulator, execution, more);
            }
            catch (IOException ex) when (attempt < 5 && ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
            }
        }
    }

    private static Task<DurableTaskTestHost> StartHostOnceAsync(InMemoryDocumentStore store, SimulatorOptions simulator, Action<ExecutionOptions> execution, Action<IServiceCollection> more) =>
        DurableTaskTestHost.StartAsync(
            registry => registry.AddWatcherTasks(),
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    // Composed as the hosts compose it, with the simulator's settings in memory.
                    services.AddSingleton<IDocumentStore>(store);
                    services.AddSingleton(simulator);
                    services.AddWatcherApplication();
                    services.Configure<Application.Services.LeaseOptions>(o => o.PollSeconds = 1);
                    services.AddCloud<SimulatedCloud>(SimulatedCloud.CloudName);
                    services.AddMetricsSource<SimulatedMetrics>(SimulatedCloud.CloudName);
                    services.Configure(execution);
                    // As the local host: auto-triggered plans are started through the engine (StartTriggeredPlanActivity).
                    services.AddSingleton<Application.Ports.IWorkflowEngine>(sp => new DurableWorkflowEngine(sp.GetRequiredService<DurableTaskClient>()));
                    more(services);
                },
            });

    /// <summary>The hostname of the node running the most instances (ties: the first by name).</summary>
    public async Task<string> BusiestNodeAsync()
    {
        var cluster = await Cloud.GetClusterAsync();
        return cluster.Hosts
            .OrderByDescending(h => cluster.InstancesOn(h.Uuid).Count).ThenBy(h => h.Hostname, StringComparer.Ordinal)
            .First().Hostname;
    }

    public async Task<int> InstancesOnAsync(string hostname)
    {
        var cluster = await Cloud.GetClusterAsync();
        return cluster.InstancesOn(cluster.FindNode(hostname)!.Uuid).Count;
    }

    /// <summary>Where every instance is and each node's service state: what a plan changes and compensation must restore.</summary>
    public async Task<string> PlacementAsync()
    {
        var cluster = await Cloud.GetClusterAsync();
        return string.Join(';', cluster.Instances.Select(i => $"{i.Uuid}@{i.HostUuid}"))
            + "|" + string.Join(';', cluster.Hosts.Select(h => $"{h.Hostname}:{h.State}:{h.Status}:{h.DisabledReason}"));
    }

    /// <summary>Creates a one-shot host_maintenance audit for <paramref name="node"/>; its run starts at once.</summary>
    public async Task<Audit> CreateMaintenanceAuditAsync(string node, bool autoTrigger = false) =>
        await Audits.CreateAsync(new AuditRequest
        {
            Goal = "cluster_maintaining",
            Strategy = "host_maintenance",
            Parameters = new System.Text.Json.Nodes.JsonObject { ["maintenance_node"] = node },
            AutoTrigger = autoTrigger,
        });

    /// <summary>Runs a maintenance audit to completion and returns the plan it recommended.</summary>
    public async Task<ActionPlan> RecommendMaintenancePlanAsync(string node)
    {
        var audit = await CreateMaintenanceAuditAsync(node);
        var summary = (await WaitAsync(TaskNames.AuditInstanceId(audit.Uuid, 1))).ReadOutputAs<PlanSummary>()!;
        return await Repository.GetPlanAsync(summary.PlanUuid);
    }

    /// <summary>Starts the plan and waits for its orchestration's outcome.</summary>
    public async Task<PlanOutcome> ExecuteAsync(string planUuid)
    {
        await Plans.StartAsync(planUuid);
        return (await WaitAsync(TaskNames.PlanInstanceId(planUuid))).ReadOutputAs<PlanOutcome>()!;
    }

    public async Task<PlanOutcome> RollbackAsync(string planUuid, IReadOnlyList<string>? actionUuids = null)
    {
        var (_, instanceId) = await Rollbacks.RollbackAsync(planUuid, actionUuids);
        return (await WaitAsync(instanceId)).ReadOutputAs<PlanOutcome>()!;
    }

    /// <summary>Waits until the orchestration completes, failing the test if it failed or timed out.</summary>
    public async Task<OrchestrationMetadata> WaitAsync(string instanceId)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var metadata = await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
        Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{instanceId} ended {metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage}");
        return metadata;
    }

    /// <summary>Polls the stored plan until <paramref name="condition"/> holds.</summary>
    public async Task<ActionPlan> WaitForPlanAsync(string planUuid, Func<ActionPlan, bool> condition)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            var plan = await Repository.GetPlanAsync(planUuid);
            if (condition(plan))
            {
                return plan;
            }

            await Task.Delay(20, cts.Token);
        }
    }

    public static IReadOnlyList<ActionState> States(ActionPlan plan) => plan.Actions.Select(a => a.State).ToList();

    /// <summary>
    /// Asserts that the ended orchestration's custom status is in phase "finished", names the stored plan's state, and
    /// has counts that match the stored actions' final states.
    /// </summary>
    public async Task AssertFinalStatusAsync(string instanceId, string planUuid, bool rollback = false)
    {
        var metadata = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
        var status = metadata!.ReadCustomStatusAs<PlanProgress>()!;
        var plan = await Repository.GetPlanAsync(planUuid);
        int Count(ActionState state) => plan.Actions.Count(a => a.State == state);
        Assert.Equal("finished", status.Phase);
        Assert.Equal(StateMachine<ActionPlanState>.Name(plan.State), status.State);
        Assert.Equal(0, status.Running);
        Assert.Equal(Count(ActionState.Reverted), status.Reverted);
        Assert.Equal(Count(ActionState.RevertFailed), status.RevertFailed);
        if (!rollback)
        {
            Assert.Equal(Count(ActionState.Succeeded), status.Succeeded);
            Assert.Equal(Count(ActionState.Failed), status.Failed);
            Assert.Equal(Count(ActionState.Cancelled), status.Cancelled);
            Assert.Equal(Count(ActionState.Skipped), status.Skipped);
            Assert.Null(status.WaitingFor);
            Assert.Null(status.NextRunAt);
            Assert.Null(plan.NextRunAt);
        }
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
