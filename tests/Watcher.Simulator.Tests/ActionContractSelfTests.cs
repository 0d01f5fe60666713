using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Actions.Definitions;
using Watcher.Domain.Actions.Handlers;
using Watcher.Domain.Persistence;
using Watcher.Testing.ActionContract;

namespace Watcher.Simulator.Tests;

/// <summary>The contract suite catches a cloud that breaks the contract: here one whose stop revert does nothing, or stops twice.</summary>
public sealed class ActionContractSelfTests
{
    [Fact]
    public void Scenarios_GeneratedCluster_CoverEveryBuiltInActionType()
    {
        var cluster = ClusterGenerator.Generate(8, 14, 11);

        var covered = ActionScenarios.Names.Select(n => ActionScenarios.For(n, cluster)?.ActionType).ToHashSet();

        Assert.Equal(ActionCatalog.Default.Types.Order(StringComparer.Ordinal), covered.OfType<string>().Order(StringComparer.Ordinal));
        Assert.DoesNotContain(null, covered);
    }

    [Fact]
    public async Task RevertTest_CloudWhoseRevertDoesNothing_Fails()
    {
        var suite = new BrokenStopContract(revertDoesNothing: true);

        var ex = await Assert.ThrowsAsync<ActionFailedException>(() => suite.Revert_AfterExecute_FreshReadShowsTheClusterAsBefore(ActionScenarios.Stop));

        Assert.Contains("does not show it undone", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteTwiceTest_CloudThatIgnoresTheOperationKey_Fails()
    {
        var suite = new BrokenStopContract(revertDoesNothing: false);

        await Assert.ThrowsAsync<Xunit.Sdk.EqualException>(() => suite.Execute_Twice_SameAsOnce(ActionScenarios.Stop));
    }

    /// <summary>The simulator with a faulty stop handler (not a public type, so xunit does not run it as a suite).</summary>
    private sealed class BrokenStopContract(bool revertDoesNothing) : ActionContractTests
    {
        protected override async Task<ActionContractCloud> CreateCloudAsync()
        {
            var cloud = new SimulatedCloud(new InMemoryDocumentStore(), new SimulatorOptions { Hosts = 8, Instances = 14, Seed = 11 });
            await cloud.EnsureInitializedAsync();
            return new ActionContractCloud(cloud, [new SleepHandler(), new NopHandler(), new BrokenStop(cloud, revertDoesNothing)]);
        }
    }

    /// <summary>Stop on the simulator that either never reverts or, ignoring its operation key, toggles the instance on a second execute.</summary>
    private sealed class BrokenStop(SimulatedCloud cloud, bool revertDoesNothing) : IActionHandler
    {
        private int _executions;

        public string ActionType => ActionTypes.Stop;

        public string Cloud => SimulatedCloud.CloudName;

        public Task ExecuteAsync(ActionContext context)
        {
            var key = context.ExecuteKey + (Interlocked.Increment(ref _executions) > 1 && !revertDoesNothing ? ":again" : string.Empty);
            var definition = new StopDefinition();
            return _executions > 1 && !revertDoesNothing
                ? cloud.ApplyActionAsync(definition, context.Parameters, key, revert: true, new JsonObject { ["state"] = "active" })
                : cloud.ApplyActionAsync(definition, context.Parameters, key);
        }

        public Task RevertAsync(ActionContext context, JsonObject? revertData) =>
            revertDoesNothing ? Task.CompletedTask : cloud.ApplyActionAsync(new StopDefinition(), context.Parameters, context.RevertKey, revert: true, revertData);
    }
}
