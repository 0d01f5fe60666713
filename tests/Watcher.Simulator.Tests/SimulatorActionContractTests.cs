using Watcher.Domain.Actions.Handlers;
using Watcher.Domain.Persistence;
using Watcher.Testing.ActionContract;

namespace Watcher.Simulator.Tests;

/// <summary>
/// The shared action contract (<see cref="ActionContractTests"/>) on the simulator: every built-in action type runs,
/// reverts and repeats as the contract says. Each test gets a fresh seeded cloud whose operations take a few
/// milliseconds, so the abort test can cancel one in flight.
/// </summary>
public sealed class SimulatorActionContractTests : ActionContractTests
{
    protected override async Task<ActionContractCloud> CreateCloudAsync()
    {
        var cloud = new SimulatedCloud(new InMemoryDocumentStore(), new SimulatorOptions { Hosts = 8, Instances = 14, Seed = 11, OperationDelayMs = 20 });
        await cloud.EnsureInitializedAsync();
        return new ActionContractCloud(cloud, [new SleepHandler(), new NopHandler()]);
    }
}
