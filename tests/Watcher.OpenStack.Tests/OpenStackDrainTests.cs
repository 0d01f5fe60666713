using System.Diagnostics;
using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Model;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Builtin;
using Watcher.Testing;
using Xunit.Abstractions;

namespace Watcher.OpenStack.Tests;

/// <summary>
/// host_maintenance on the mini OpenStack through the connector: the strategy plans on the collected model, the
/// runners execute its actions with the OpenStack handlers, and Nova's own API is the judge.
/// </summary>
[Collection(MiniOpenStackCollection.Name)]
public sealed class OpenStackDrainTests(MiniOpenStackFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task HostMaintenance_DrainCompute1_NovaShowsServiceDisabledAndServersMovedThenRevertRestores()
    {
        await using var mini = new MiniCloud(fixture);
        try
        {
            var ids = await mini.BootAsync(3, "compute-1", prefix: "drain");
            var before = await mini.Cloud.GetClusterAsync();

            var executed = await DrainAsync(mini, before, "compute-1", backup: null);

            var service = await mini.Nova.ComputeServiceAsync("compute-1");
            Assert.Equal("disabled", OpenStackCloud.Str(service, "status"));
            Assert.Equal("watcher_maintaining", OpenStackCloud.Str(service, "disabled_reason"));
            foreach (var id in ids)
            {
                Assert.NotEqual("compute-1", await mini.HostOfAsync(id));
            }

            // No stale model: the next audit reads the cloud again and sees compute-1 empty and disabled.
            var after = await mini.Cloud.GetClusterAsync();
            var node = after.FindNode("compute-1")!;
            Assert.Equal(ServiceStatus.Disabled, node.Status);
            Assert.Empty(after.InstancesOn(node.Uuid));
            var again = new HostMaintenanceStrategy().Execute(new StrategyContext(after, new JsonObject { ["maintenance_node"] = "compute-1" }));
            Assert.DoesNotContain(again.Actions, a => a.ActionType == ActionTypes.Migrate);

            // Revert in reverse order: servers back on compute-1, service enabled again.
            foreach (var (runner, context, revertData) in Enumerable.Reverse(executed))
            {
                await runner.RevertAsync(context with { Cluster = await mini.Cloud.GetClusterAsync() }, revertData);
            }

            foreach (var id in ids)
            {
                Assert.Equal("compute-1", await mini.HostOfAsync(id));
            }

            Assert.Equal("enabled", OpenStackCloud.Str(await mini.Nova.ComputeServiceAsync("compute-1"), "status"));
        }
        finally
        {
            await mini.EnableAllAsync();
        }
    }

    [Fact]
    public async Task HostMaintenance_BackupNodeGiven_NovaGetsTheServiceHostNotTheHypervisorId()
    {
        await using var mini = new MiniCloud(fixture);
        try
        {
            var ids = await mini.BootAsync(2, "compute-1", prefix: "backup");
            var before = await mini.Cloud.GetClusterAsync();
            var backup = before.FindNode("compute-3")!;

            // The strategy names nodes by uuid (the hypervisor id); the handler must give Nova the service host.
            await DrainAsync(mini, before, "compute-1", backup: backup.Uuid);

            foreach (var id in ids)
            {
                Assert.Equal("compute-3", await mini.HostOfAsync(id));
            }
        }
        finally
        {
            await mini.EnableAllAsync();
        }
    }

    [Fact]
    public async Task HostMaintenance_BackupDisabledMidPlan_MigrationsFailAndCompensationRestoresTheStart()
    {
        await using var mini = new MiniCloud(fixture);
        try
        {
            var ids = await mini.BootAsync(2, "compute-1", prefix: "compensate");
            var before = await mini.Cloud.GetClusterAsync();
            var plan = new HostMaintenanceStrategy().Execute(new StrategyContext(before, new JsonObject { ["maintenance_node"] = "compute-1", ["backup_node"] = "compute-3" }));
            var executed = new List<(ActionRunner Runner, ActionContext Context, JsonObject? RevertData)>();
            var failures = new List<string>();
            foreach (var action in plan.Actions.OrderByDescending(a => a.ActionType == ActionTypes.ChangeNovaServiceState))
            {
                var runner = mini.Registry.Get(action.ActionType);
                var context = Context(mini.Cloud, await mini.Cloud.GetClusterAsync(), action.ActionType, action.InputParameters);
                runner.CheckPrecondition(context);
                var revertData = runner.CaptureRevertData(context);
                if (action.ActionType == ActionTypes.Migrate && failures.Count == 0 && executed.Count > 0)
                {
                    // The injected failure: an operator disables the backup host while the plan runs.
                    await mini.Nova.SetServiceAsync("compute-3", enabled: false, "operator", CancellationToken.None);
                }

                try
                {
                    await runner.ExecuteAsync(context);
                    executed.Add((runner, context, revertData));
                }
                catch (ActionFailedException ex)
                {
                    failures.Add(ex.Message);
                    break;
                }
            }

            output.WriteLine(string.Join(Environment.NewLine, failures));
            Assert.Single(failures);
            Assert.Contains("No valid host", failures[0], StringComparison.Ordinal);

            // Compensation, as the plan's rollback runs it: what ran is reverted in reverse order.
            await mini.Nova.SetServiceAsync("compute-3", enabled: true, null, CancellationToken.None);
            foreach (var (runner, context, revertData) in Enumerable.Reverse(executed))
            {
                await runner.RevertAsync(context with { Cluster = await mini.Cloud.GetClusterAsync() }, revertData);
            }

            foreach (var id in ids)
            {
                Assert.Equal("compute-1", await mini.HostOfAsync(id));
            }

            Assert.Equal("enabled", OpenStackCloud.Str(await mini.Nova.ComputeServiceAsync("compute-1"), "status"));
        }
        finally
        {
            await mini.EnableAllAsync();
        }
    }

    [Fact]
    public async Task Migrate_ToDisabledHost_FailsWithNovasReasonAndServerStays()
    {
        await using var mini = new MiniCloud(fixture);
        try
        {
            var id = (await mini.BootAsync(1, "compute-1", prefix: "fail"))[0];
            await mini.Nova.SetServiceAsync("compute-2", enabled: false, "watcher_test", CancellationToken.None);
            var cluster = await mini.Cloud.GetClusterAsync();
            var runner = mini.Registry.Get(ActionTypes.Migrate);
            var context = Context(mini.Cloud, cluster, ActionTypes.Migrate, new JsonObject
            {
                ["resource_id"] = id, ["migration_type"] = "live", ["source_node"] = "compute-1", ["destination_node"] = "compute-2",
            });
            runner.CheckPrecondition(context);

            var ex = await Assert.ThrowsAsync<ActionFailedException>(() => runner.ExecuteAsync(context));

            output.WriteLine(ex.Message);
            Assert.Contains("compute-2", ex.Message, StringComparison.Ordinal);
            Assert.Equal("compute-1", await mini.HostOfAsync(id));
        }
        finally
        {
            await mini.EnableAllAsync();
        }
    }

    [Fact]
    public async Task Migrate_ToUnknownHost_FailsWithNovasMessage()
    {
        await using var mini = new MiniCloud(fixture);
        var id = (await mini.BootAsync(1, "compute-1", prefix: "unknown"))[0];

        var ex = await Assert.ThrowsAsync<ActionFailedException>(() => mini.Nova.LiveMigrateAsync(id, "compute-99", CancellationToken.None));

        output.WriteLine(ex.Message);
        Assert.Contains("compute-99", ex.Message, StringComparison.Ordinal);
        Assert.Contains("400", ex.Message, StringComparison.Ordinal);
        Assert.Equal("compute-1", await mini.HostOfAsync(id));
    }

    [Fact]
    public async Task NodeResourceConsolidation_ServersOnEveryHost_PlacementShowsAHostReleasedThenRevertRestores()
    {
        await using var mini = new MiniCloud(fixture);
        try
        {
            var ids = new List<string>();
            foreach (var host in new[] { "compute-1", "compute-2", "compute-3" })
            {
                ids.AddRange(await mini.BootAsync(1, host, prefix: "consolidate-" + host));
            }

            var hosts = new Dictionary<string, string?>();
            foreach (var id in ids)
            {
                hosts[id] = await mini.HostOfAsync(id);
            }

            var before = await mini.Cloud.GetClusterAsync();
            var executed = await RunPlanAsync(mini, before, new NodeResourceConsolidationStrategy(), new JsonObject { ["host_choice"] = "specify" });

            var usages = await mini.Cloud.GetPlacementUsagesAsync();
            var released = before.Hosts.Where(h => usages[h.Uuid].GetValueOrDefault("VCPU") == 0).Select(h => h.Hostname).ToList();
            output.WriteLine($"released: {string.Join(", ", released)}");
            Assert.NotEmpty(released);

            foreach (var (runner, context, revertData) in Enumerable.Reverse(executed))
            {
                await runner.RevertAsync(context with { Cluster = await mini.Cloud.GetClusterAsync() }, revertData);
            }

            foreach (var id in ids)
            {
                Assert.Equal(hosts[id], await mini.HostOfAsync(id));
            }
        }
        finally
        {
            await mini.EnableAllAsync();
        }
    }

    /// <summary>3 servers in every run; 6 and 10 as well with <c>OPENSTACK_BENCH=1</c> (the numbers in docs/benchmarks.md).</summary>
    public static TheoryData<int> DrainSizes => Environment.GetEnvironmentVariable("OPENSTACK_BENCH") == "1" ? new(3, 6, 10) : new(3);

    [Theory]
    [MemberData(nameof(DrainSizes))]
    public async Task Drain_ServersInParallel_ReportedNextToNovasOwnMigrationTimes(int servers)
    {
        await using var mini = new MiniCloud(fixture);
        try
        {
            var ids = await mini.BootAsync(servers, "compute-1", prefix: "bench");
            var before = await mini.Cloud.GetClusterAsync();
            var watch = Stopwatch.StartNew();
            await DrainAsync(mini, before, "compute-1", backup: null);
            var wall = watch.Elapsed;

            var sum = 0.0;
            var first = DateTimeOffset.MaxValue;
            var last = DateTimeOffset.MinValue;
            foreach (var id in ids)
            {
                var record = (await mini.Nova.MigrationsAsync(id, "live-migration"))[0];
                Assert.Equal("completed", OpenStackCloud.Str(record, "status"));
                var created = Timestamp(record, "created_at");
                var updated = Timestamp(record, "updated_at");
                sum += (updated - created).TotalSeconds;
                first = created < first ? created : first;
                last = updated > last ? updated : last;
            }

            var span = (last - first).TotalSeconds;
            output.WriteLine($"| {servers} | {wall.TotalSeconds:F1} | {span:F0} | {sum:F0} |  (drain wall s | Nova first-start→last-end s | sum of Nova durations s)");
            // Nova's timestamps have 1 s resolution; the wall time includes disabling the service and the final reads.
            Assert.True(wall.TotalSeconds <= (1.2 * span) + 5, $"drain of {servers} took {wall.TotalSeconds:F1} s; Nova's own span was {span:F0} s");
        }
        finally
        {
            await mini.EnableAllAsync();
        }
    }

    private static DateTimeOffset Timestamp(JsonObject record, string name) =>
        DateTimeOffset.Parse(OpenStackCloud.Str(record, name)! + "Z", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Plans host_maintenance on <paramref name="cluster"/> and runs its actions: the service change first, then the migrations in parallel.</summary>
    private static async Task<List<(ActionRunner Runner, ActionContext Context, JsonObject? RevertData)>> DrainAsync(MiniCloud mini, ClusterModel cluster, string node, string? backup)
    {
        var parameters = new JsonObject { ["maintenance_node"] = node };
        if (backup is not null)
        {
            parameters["backup_node"] = backup;
        }

        var executed = await RunPlanAsync(mini, cluster, new HostMaintenanceStrategy(), parameters);
        Assert.Contains(executed, e => e.Runner.ActionType == ActionTypes.ChangeNovaServiceState);
        return executed;
    }

    /// <summary>Plans with <paramref name="strategy"/> on <paramref name="cluster"/> and runs its actions: service changes first, then the rest in parallel, each checked on a fresh read.</summary>
    private static async Task<List<(ActionRunner Runner, ActionContext Context, JsonObject? RevertData)>> RunPlanAsync(MiniCloud mini, ClusterModel cluster, IStrategy strategy, JsonObject parameters)
    {
        var plan = strategy.Execute(new StrategyContext(cluster, parameters));
        Assert.Contains(plan.Actions, a => a.ActionType == ActionTypes.Migrate);
        var executed = new List<(ActionRunner, ActionContext, JsonObject?)>();
        foreach (var group in plan.Actions.GroupBy(a => a.ActionType == ActionTypes.ChangeNovaServiceState).OrderByDescending(g => g.Key))
        {
            var runs = group.Select(a =>
            {
                var runner = mini.Registry.Get(a.ActionType);
                var context = Context(mini.Cloud, cluster, a.ActionType, a.InputParameters);
                runner.CheckPrecondition(context);
                return (runner, context, runner.CaptureRevertData(context));
            }).ToList();
            await Task.WhenAll(runs.Select(r => r.runner.ExecuteAsync(r.context)));
            var fresh = await mini.Cloud.GetClusterAsync();
            foreach (var (runner, context, _) in runs)
            {
                runner.CheckPostcondition(context with { Cluster = fresh });
            }

            executed.AddRange(runs);
        }

        return executed;
    }

    private static ActionContext Context(ICloud cloud, ClusterModel cluster, string type, JsonObject input) => new(
        new WatcherAction { Uuid = Guid.NewGuid().ToString(), ActionPlanUuid = "openstack-drain", ActionType = type, InputParameters = (JsonObject)input.DeepClone() },
        cloud,
        cluster,
        CancellationToken.None);
}
