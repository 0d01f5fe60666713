using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Model;
using Xunit;

namespace Watcher.Testing.ActionContract;

/// <summary>
/// The contract every cloud's actions keep, for every built-in action type (<see cref="ActionScenarios"/>): execute
/// then a fresh read shows the effect (the post-condition holds); revert then a fresh read shows it undone;
/// executing twice, or reverting twice (also when the second call bypasses the runner's check, as a replay after a
/// crash would), is the same as once; reverting an action that never ran changes nothing; the pre-condition refuses
/// what cannot run; and an abort (cancelling the execute) leaves the effect whole or absent, never half, and revert
/// then restores the cluster. A cloud's test project subclasses this class and gives <see cref="CreateCloudAsync"/>
/// (the simulator does in tests/Watcher.Simulator.Tests; a real cloud's connector does the same against its cloud).
/// Each test acts on a fresh cloud from the factory and, on a shared real cloud, leaves it as it found it.
/// </summary>
public abstract class ActionContractTests
{
    /// <summary>Every scenario name.</summary>
    public static TheoryData<string> Scenarios => new(ActionScenarios.Names);

    /// <summary>The cloud to act on, with its handlers: a fresh one per test where the cloud allows it.</summary>
    protected abstract Task<ActionContractCloud> CreateCloudAsync();

    /// <summary>Scenarios the cloud does not run (e.g. power on a cloud without a bare-metal service); their tests check nothing.</summary>
    protected virtual IReadOnlySet<string> Unsupported { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>False when the cloud cannot abort a running action; the abort test then checks nothing.</summary>
    protected virtual bool SupportsAbort => true;

    /// <summary>How long after starting an execute the abort test cancels it.</summary>
    protected virtual TimeSpan AbortAfter => TimeSpan.FromMilliseconds(5);

    /// <summary>How long an aborted execute may take to return.</summary>
    protected virtual TimeSpan AbortDeadline => TimeSpan.FromSeconds(30);

    /// <summary>
    /// Aborts the execute started with <paramref name="context"/>: by default cancels its token after
    /// <see cref="AbortAfter"/>. A cloud with an explicit abort call overrides this to make it.
    /// </summary>
    protected virtual Task AbortAsync(ActionRunner runner, ActionContext context, CancellationTokenSource execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        execution.CancelAfter(AbortAfter);
        return Task.CompletedTask;
    }

    /// <summary>The scenario <paramref name="name"/> on <paramref name="cluster"/>; override to choose other targets.</summary>
    protected virtual ActionScenario? Scenario(string name, ClusterModel cluster) => ActionScenarios.For(name, cluster);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Execute_ThenFreshRead_PostconditionHolds(string scenario)
    {
        if (await ArrangeAsync(scenario) is not { } run)
        {
            return;
        }

        var before = await run.Cloud.GetClusterAsync();
        var context = run.Context(before);
        run.Runner.CheckPrecondition(context);
        Assert.False(run.ChangesCluster && run.Runner.IsAlreadyApplied(context), $"{scenario}: the effect is in place before the action ran.");
        run.Runner.CaptureRevertData(context);

        await run.Runner.ExecuteAsync(context);

        var after = await run.Cloud.GetClusterAsync();
        run.Runner.CheckPostcondition(context with { Cluster = after });
        if (run.ChangesCluster)
        {
            Assert.NotEqual(Fingerprint(before), Fingerprint(after));
        }
        else
        {
            Assert.Equal(Fingerprint(before), Fingerprint(after));
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Revert_AfterExecute_FreshReadShowsTheClusterAsBefore(string scenario)
    {
        if (await ArrangeAsync(scenario) is not { } run)
        {
            return;
        }

        var before = await run.Cloud.GetClusterAsync();
        var (context, revertData) = await ExecuteAsync(run, before);

        await run.Runner.RevertAsync(context with { Cluster = await run.Cloud.GetClusterAsync() }, revertData);

        var reverted = await run.Cloud.GetClusterAsync();
        Assert.True(run.Runner.Definition.IsReverted(new ClusterState(reverted), context.Parameters, revertData), $"{scenario}: not reverted on a fresh read.");
        Assert.Equal(Fingerprint(before), Fingerprint(reverted));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Execute_Twice_SameAsOnce(string scenario)
    {
        if (await ArrangeAsync(scenario) is not { } run)
        {
            return;
        }

        var before = await run.Cloud.GetClusterAsync();
        var (context, _) = await ExecuteAsync(run, before);
        var once = await run.Cloud.GetClusterAsync();

        // The same execute again, with the cluster read before the first (a retried activity after a crash).
        await run.Runner.ExecuteAsync(context);

        var twice = await run.Cloud.GetClusterAsync();
        Assert.Equal(Fingerprint(once), Fingerprint(twice));
        run.Runner.CheckPostcondition(context with { Cluster = twice });
        Assert.Equal(run.ChangesCluster, run.Runner.IsAlreadyApplied(context with { Cluster = twice }));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Revert_Twice_SameAsOnce(string scenario)
    {
        if (await ArrangeAsync(scenario) is not { } run)
        {
            return;
        }

        var before = await run.Cloud.GetClusterAsync();
        var (context, revertData) = await ExecuteAsync(run, before);
        var applied = context with { Cluster = await run.Cloud.GetClusterAsync() };
        await run.Runner.RevertAsync(applied, revertData);
        var once = await run.Cloud.GetClusterAsync();

        // Again on a fresh read (the runner sees nothing left to undo), then on the stale read taken before the first
        // revert, which makes the cloud's revert run a second time (a replayed activity after a crash).
        await run.Runner.RevertAsync(applied with { Cluster = once }, revertData);
        await run.Runner.RevertAsync(applied, revertData);

        var twice = await run.Cloud.GetClusterAsync();
        Assert.Equal(Fingerprint(before), Fingerprint(once));
        Assert.Equal(Fingerprint(once), Fingerprint(twice));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Revert_NeverExecuted_ChangesNothing(string scenario)
    {
        if (await ArrangeAsync(scenario) is not { } run)
        {
            return;
        }

        var before = await run.Cloud.GetClusterAsync();
        var context = run.Context(before);
        var revertData = run.Runner.CaptureRevertData(context);

        await run.Runner.RevertAsync(context, revertData);
        await run.Runner.RevertAsync(context, null);

        Assert.Equal(Fingerprint(before), Fingerprint(await run.Cloud.GetClusterAsync()));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Precondition_Violated_RefusedBeforeAnythingRuns(string scenario)
    {
        if (await ArrangeAsync(scenario) is not { } run)
        {
            return;
        }

        var before = await run.Cloud.GetClusterAsync();
        var refused = run.Context(before, run.Scenario.RefusedInput);

        var ex = Assert.Throws<ActionPreconditionException>(() => run.Runner.CheckPrecondition(refused));

        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        run.Runner.CheckPrecondition(run.Context(before));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Abort_DuringExecute_LeavesNoHalfEffectAndRevertRestores(string scenario)
    {
        if (!SupportsAbort || await ArrangeAsync(scenario) is not { } run)
        {
            return;
        }

        var before = await run.Cloud.GetClusterAsync();
        using var abort = new CancellationTokenSource();
        var context = run.Context(before, run.Scenario.AbortInput ?? run.Scenario.Input) with { CancellationToken = abort.Token };
        run.Runner.CheckPrecondition(context);
        var revertData = run.Runner.CaptureRevertData(context);

        var execute = run.Runner.ExecuteAsync(context);
        await AbortAsync(run.Runner, context, abort);
        try
        {
            await execute.WaitAsync(AbortDeadline);
        }
        catch (OperationCanceledException)
        {
            // Aborted before or during the call: allowed, as is finishing first.
        }

        var after = await run.Cloud.GetClusterAsync();
        var applied = run.ChangesCluster && run.Runner.Definition.IsApplied(new ClusterState(after), context.Parameters);
        Assert.True(applied || Fingerprint(after) == Fingerprint(before), $"{scenario}: an aborted execute left a partial effect.");
        await run.Runner.RevertAsync(context with { Cluster = after, CancellationToken = CancellationToken.None }, revertData);
        Assert.Equal(Fingerprint(before), Fingerprint(await run.Cloud.GetClusterAsync()));
    }

    /// <summary>
    /// What the actions change, one line per node, instance, pool and volume in id order: service status and reason,
    /// state and power; host, state, size and flavor; free capacity; pool and type. Metrics are left out.
    /// </summary>
    protected static string Fingerprint(ClusterModel cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var text = new StringBuilder();
        foreach (var n in cluster.Hosts.OrderBy(n => n.Uuid, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"node {n.Uuid} {n.Status} {n.DisabledReason} {n.State} {n.PowerState}");
        }

        foreach (var i in cluster.Instances.OrderBy(i => i.Uuid, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"instance {i.Uuid} {i.HostUuid} {i.State} {i.VCpus} {i.MemoryMb} {i.DiskGb} {i.Flavor}");
        }

        foreach (var p in cluster.StoragePools.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"pool {p.Name} {p.FreeCapacityGb}");
        }

        foreach (var v in cluster.Volumes.OrderBy(v => v.Uuid, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"volume {v.Uuid} {v.Pool} {v.VolumeType}");
        }

        return text.ToString();
    }

    private static async Task<(ActionContext Context, JsonObject? RevertData)> ExecuteAsync(ContractRun run, ClusterModel before)
    {
        var context = run.Context(before);
        run.Runner.CheckPrecondition(context);
        var revertData = run.Runner.CaptureRevertData(context);
        await run.Runner.ExecuteAsync(context);
        run.Runner.CheckPostcondition(context with { Cluster = await run.Cloud.GetClusterAsync() });
        return (context, revertData);
    }

    private async Task<ContractRun?> ArrangeAsync(string name)
    {
        if (Unsupported.Contains(name))
        {
            return null;
        }

        var cloud = await CreateCloudAsync();
        var cluster = await cloud.Cloud.GetClusterAsync();
        var scenario = Scenario(name, cluster)
            ?? throw new InvalidOperationException($"The cluster of cloud '{cloud.Cloud.Name}' has nothing scenario '{name}' can act on; give the factory a cluster that has, or list the scenario in Unsupported.");
        return new ContractRun(cloud.Cloud, cloud.Registry().Get(scenario.ActionType), scenario, Guid.NewGuid().ToString());
    }

    /// <summary>One scenario on one cloud: its runner and a fresh action uuid (so operation keys are new).</summary>
    private sealed record ContractRun(ICloud Cloud, ActionRunner Runner, ActionScenario Scenario, string ActionUuid)
    {
        public bool ChangesCluster => Runner.Definition.ChangesCluster;

        public ActionContext Context(ClusterModel cluster, JsonObject? input = null) => new(
            new WatcherAction
            {
                Uuid = ActionUuid,
                ActionPlanUuid = "action-contract",
                ActionType = Scenario.ActionType,
                InputParameters = (JsonObject)(input ?? Scenario.Input).DeepClone(),
            },
            Cloud,
            cluster,
            CancellationToken.None);
    }
}
