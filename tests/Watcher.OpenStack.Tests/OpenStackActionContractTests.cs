using Watcher.Testing;
using Watcher.Testing.ActionContract;

namespace Watcher.OpenStack.Tests;

/// <summary>
/// The shared action contract (<see cref="ActionContractTests"/>) on the real mini OpenStack through the connector's
/// handlers. The class fixture boots the servers the scenarios act on (two on compute-1) and deletes them at the
/// end; every test leaves the cloud as it found it (the contract's revert checks that on a fresh read). Scenarios the
/// mini OpenStack cannot run are listed in <see cref="Exclusions"/> with the reason, and
/// <see cref="Excluded_Scenarios_CannotRunOnThisCloud"/> checks that each really cannot.
/// </summary>
[Collection(MiniOpenStackCollection.Name)]
public sealed class OpenStackActionContractTests(MiniOpenStackFixture fixture, ContractServers servers)
    : ActionContractTests, IClassFixture<ContractServers>
{
    /// <summary>Scenarios not run here, each with why.</summary>
    public static IReadOnlyDictionary<string, string> Exclusions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ActionScenarios.PowerOff] = "no bare-metal service (Ironic) or power driver on the mini OpenStack: the connector registers no change_node_power_state handler.",
        [ActionScenarios.AcpiS3] = "no bare-metal service on the mini OpenStack: the connector registers no turn_host_to_acpi_s3_state handler.",
        [ActionScenarios.VolumeMigrate] = "the mini OpenStack has no Cinder (no volumev3 endpoint), so there are no volumes or pools to migrate.",
        [ActionScenarios.VolumeRetype] = "the mini OpenStack has no Cinder (no volumev3 endpoint), so there are no volume types to retype to.",
    };

    protected override IReadOnlySet<string> Unsupported { get; } = Exclusions.Keys.ToHashSet(StringComparer.Ordinal);

    // The fake driver finishes a live migration in about a second: cancel quickly so the abort can land while it runs.
    protected override TimeSpan AbortAfter => TimeSpan.FromMilliseconds(300);

    protected override TimeSpan AbortDeadline => TimeSpan.FromMinutes(2);

    protected override async Task<ActionContractCloud> CreateCloudAsync()
    {
        await servers.EnsureAsync(fixture);
        await servers.ResetAsync();
        return new ActionContractCloud(servers.Mini!.Cloud, servers.Mini.Handlers);
    }

    [Fact]
    public async Task Excluded_Scenarios_CannotRunOnThisCloud()
    {
        var cloud = await CreateCloudAsync();
        var cluster = await cloud.Cloud.GetClusterAsync();
        var registry = cloud.Registry();
        foreach (var (name, reason) in Exclusions)
        {
            Assert.False(string.IsNullOrWhiteSpace(reason));
            var scenario = ActionScenarios.For(name, cluster);
            if (scenario is null)
            {
                continue;
            }

            // A scenario the cluster could describe must still be refused: no handler for it on OpenStack.
            var runner = registry.Get(scenario.ActionType);
            Assert.Throws<Watcher.Domain.Actions.ActionPreconditionException>(() => runner.CheckPrecondition(new Watcher.Domain.Actions.ActionContext(
                new Watcher.Domain.Model.WatcherAction { Uuid = "x", ActionPlanUuid = "x", ActionType = scenario.ActionType, InputParameters = scenario.Input },
                cloud.Cloud, cluster, CancellationToken.None)));
        }
    }
}
