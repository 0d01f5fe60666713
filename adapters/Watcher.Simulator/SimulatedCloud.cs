using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Json;
using Watcher.Domain.Persistence;

namespace Watcher.Simulator;

/// <summary>
/// The embedded cloud: applies compute operations to a simulated cluster kept in the document store, so it
/// survives restarts. Every operation key is applied at most once, even when retried or replayed; injected
/// faults make chosen operations fail.
/// </summary>
public sealed class SimulatedCloud : ICloudClient
{
    public const string Collection = "simulator";
    public const string StateId = "state";
    private const int MaxAttempts = 50;

    private readonly IDocumentStore _store;
    private readonly SimulatorOptions _options;
    private readonly TimeProvider _time;

    public SimulatedCloud(IDocumentStore store, SimulatorOptions options, TimeProvider? time = null)
    {
        _store = store;
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Creates the initial state from the snapshot file or the generator, unless a state already exists.</summary>
    public async Task EnsureInitializedAsync(CancellationToken cancellationToken = default)
    {
        if (await _store.GetAsync<SimulatorState>(Collection, StateId, cancellationToken) is not null)
        {
            return;
        }

        try
        {
            await _store.CreateAsync(Collection, StateId, new SimulatorState { Cluster = InitialCluster() }, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // Another instance initialised it first; theirs is as good as ours.
        }
    }

    /// <summary>Replaces the whole state with a fresh initial cluster (or <paramref name="cluster"/>), clearing faults and logs.</summary>
    public async Task ResetAsync(ClusterModel? cluster = null, CancellationToken cancellationToken = default)
    {
        var fresh = new SimulatorState { Cluster = ClusterGenerator.WithHostMetrics(cluster ?? InitialCluster()) };
        await MutateAsync(_ => fresh, cancellationToken);
    }

    public async Task<SimulatorState> GetStateAsync(CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken);
        return (await _store.GetAsync<SimulatorState>(Collection, StateId, cancellationToken))!.Value;
    }

    public async Task<ClusterModel> GetClusterAsync(CancellationToken cancellationToken = default) =>
        (await GetStateAsync(cancellationToken)).Cluster;

    /// <summary>Replaces the fault rules. Ordinals count from now: "the 3rd migrate" is the 3rd one after this call.</summary>
    public Task SetFaultsAsync(IReadOnlyList<FaultRule> faults, CancellationToken cancellationToken = default) =>
        MutateAsync(s => s with { Faults = faults.Select(f => f with { Fired = 0 }).ToList(), SeenKeys = new Dictionary<string, List<string>>() }, cancellationToken);

    public Task MigrateAsync(string instanceUuid, string destinationNode, bool live, string operationKey, CancellationToken cancellationToken = default) =>
        ApplyAsync(ActionTypes.Migrate, operationKey, cancellationToken, cluster =>
        {
            var instance = cluster.FindInstance(instanceUuid) ?? throw new ActionFailedException($"Instance {instanceUuid} does not exist.");
            var destination = cluster.FindNode(destinationNode) ?? throw new ActionFailedException($"Compute node {destinationNode} does not exist.");
            if (instance.HostUuid == destination.Uuid)
            {
                throw new ActionFailedException($"Instance {instanceUuid} is already on {destination.Hostname}.");
            }

            if (destination.State != NodeState.Up)
            {
                throw new ActionFailedException($"Compute node {destination.Hostname} is down.");
            }

            if (!instance.Demand.FitsIn(destination.Capacity - cluster.UsedOn(destination.Uuid)))
            {
                throw new ActionFailedException($"No valid host: {destination.Hostname} has no room for instance {instanceUuid}.");
            }

            if (live && instance.State != InstanceState.Active)
            {
                throw new ActionFailedException($"Instance {instanceUuid} is {instance.State}; cannot live-migrate.");
            }

            var from = cluster.FindNode(instance.HostUuid)!;
            return (cluster.WithInstance(instance with { HostUuid = destination.Uuid }), instanceUuid, $"{(live ? "live" : "cold")} {from.Hostname} -> {destination.Hostname}");
        });

    public Task SetServiceStateAsync(string node, ServiceStatus status, string? disabledReason, string operationKey, CancellationToken cancellationToken = default) =>
        ApplyAsync(ActionTypes.ChangeNovaServiceState, operationKey, cancellationToken, cluster =>
        {
            var target = cluster.FindNode(node) ?? throw new ActionFailedException($"Compute node {node} does not exist.");
            var updated = target with { Status = status, DisabledReason = status == ServiceStatus.Disabled ? disabledReason : null };
            return (cluster.WithNode(updated), target.Uuid, $"{target.Hostname} {status.ToString().ToLowerInvariant()} {disabledReason}".TrimEnd());
        });

    public Task SetInstanceStateAsync(string instanceUuid, string state, string operationKey, CancellationToken cancellationToken = default) =>
        ApplyAsync(state == InstanceState.Stopped ? ActionTypes.Stop : "start", operationKey, cancellationToken, cluster =>
        {
            var instance = cluster.FindInstance(instanceUuid) ?? throw new ActionFailedException($"Instance {instanceUuid} does not exist.");
            return (cluster.WithInstance(instance with { State = state }), instanceUuid, $"{instance.State} -> {state}");
        });

    public Task SetPowerStateAsync(string node, NodePowerState state, string operationKey, CancellationToken cancellationToken = default) =>
        ApplyAsync(ActionTypes.ChangeNodePowerState, operationKey, cancellationToken, cluster =>
        {
            var target = cluster.FindNode(node) ?? throw new ActionFailedException($"Compute node {node} does not exist.");
            if (state == NodePowerState.Off && cluster.InstancesOn(target.Uuid).Count > 0)
            {
                throw new ActionFailedException($"Compute node {target.Hostname} still runs instances; refusing to power it off.");
            }

            var updated = target with { PowerState = state, State = state == NodePowerState.Off ? NodeState.Down : NodeState.Up };
            return (cluster.WithNode(updated), target.Uuid, $"{target.Hostname} power {state.ToString().ToLowerInvariant()}");
        });

    public Task MigrateVolumeAsync(string volumeUuid, string? destinationPool, string? destinationType, string operationKey, CancellationToken cancellationToken = default) =>
        ApplyAsync(ActionTypes.VolumeMigrate, operationKey, cancellationToken, cluster =>
        {
            var volume = cluster.FindVolume(volumeUuid) ?? throw new ActionFailedException($"Volume {volumeUuid} does not exist.");
            if (destinationPool is null)
            {
                var retyped = volume with { VolumeType = destinationType };
                return (cluster.WithStorage(cluster.StoragePools, cluster.Volumes.Select(v => v.Uuid == volumeUuid ? retyped : v).ToList()), volumeUuid, $"retype {volume.VolumeType} -> {destinationType}");
            }

            var destination = cluster.FindPool(destinationPool) ?? throw new ActionFailedException($"Storage pool {destinationPool} does not exist.");
            if (volume.Pool == destination.Name)
            {
                throw new ActionFailedException($"Volume {volumeUuid} is already in {destination.Name}.");
            }

            if (destination.FreeCapacityGb < volume.Size)
            {
                throw new ActionFailedException($"Storage pool {destination.Name} has no room for volume {volumeUuid}.");
            }

            var pools = cluster.StoragePools.Select(p =>
                p.Name == destination.Name ? p with { FreeCapacityGb = p.FreeCapacityGb - volume.Size }
                : p.Name == volume.Pool ? p with { FreeCapacityGb = p.FreeCapacityGb + volume.Size }
                : p).ToList();
            var moved = volume with { Pool = destination.Name };
            return (cluster.WithStorage(pools, cluster.Volumes.Select(v => v.Uuid == volumeUuid ? moved : v).ToList()), volumeUuid, $"{volume.Pool} -> {destination.Name}");
        });

    private async Task ApplyAsync(string operation, string key, CancellationToken cancellationToken, Func<ClusterModel, (ClusterModel Cluster, string Target, string Detail)> apply)
    {
        if (_options.OperationDelayMs > 0)
        {
            await Task.Delay(_options.OperationDelayMs, cancellationToken);
        }

        await EnsureInitializedAsync(cancellationToken);
        var phase = key.Contains(":revert", StringComparison.Ordinal) ? "revert" : "execute";
        for (var attempt = 1; ; attempt++)
        {
            var current = (await _store.GetAsync<SimulatorState>(Collection, StateId, cancellationToken))!;
            var state = current.Value;
            if (state.AppliedKeys.Contains(key))
            {
                return;
            }

            var seen = state.SeenKeys.ToDictionary(kv => kv.Key, kv => kv.Value.ToList());
            int Ordinal(string bucket)
            {
                if (!seen.TryGetValue(bucket, out var keys))
                {
                    keys = [];
                    seen[bucket] = keys;
                }

                if (!keys.Contains(key))
                {
                    keys.Add(key);
                }

                return keys.IndexOf(key) + 1;
            }

            // Ordinals count distinct operations of this type, and of any type for "*" rules.
            var ordinals = new Dictionary<string, int>
            {
                [operation] = Ordinal($"{operation}:{phase}"),
                ["*"] = Ordinal($"*:{phase}"),
            };
            var faults = state.Faults.ToList();
            var faultIndex = faults.FindIndex(f =>
                (f.ActionType == "*" || f.ActionType == operation)
                && (f.Phase == "any" || f.Phase == phase)
                && f.Occurrence == ordinals[f.ActionType]
                && (f.Times == 0 || f.Fired < f.Times));
            SimulatorState next;
            Exception? failure = null;
            if (faultIndex >= 0)
            {
                var fault = faults[faultIndex];
                faults[faultIndex] = fault with { Fired = fault.Fired + 1 };
                next = state with { SeenKeys = seen, Faults = faults, Version = state.Version + 1 };
                failure = new ActionFailedException($"Simulated fault on {operation} #{ordinals[fault.ActionType]}: {fault.Message}");
            }
            else
            {
                try
                {
                    var (cluster, target, detail) = apply(state.Cluster);
                    next = state with
                    {
                        Cluster = ClusterGenerator.WithHostMetrics(cluster),
                        AppliedKeys = [.. state.AppliedKeys, key],
                        SeenKeys = seen,
                        Executions = [.. state.Executions, new ExecutionEntry(key, operation, target, detail, _time.GetUtcNow())],
                        Version = state.Version + 1,
                    };
                }
                catch (ActionFailedException ex)
                {
                    next = state with { SeenKeys = seen, Version = state.Version + 1 };
                    failure = ex;
                }
            }

            try
            {
                await _store.ReplaceAsync(Collection, StateId, next, current.ETag, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(2, 10 * Math.Min(attempt, 10)), cancellationToken);
                continue;
            }

            if (failure is not null)
            {
                throw failure;
            }

            return;
        }
    }

    private async Task MutateAsync(Func<SimulatorState, SimulatorState> mutate, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        await _store.UpdateAsync<SimulatorState>(Collection, StateId, s => mutate(s) with { Version = s.Version + 1 }, cancellationToken);
    }

    private ClusterModel InitialCluster()
    {
        if (!string.IsNullOrWhiteSpace(_options.SnapshotFile))
        {
            var cluster = WatcherJson.Deserialize<ClusterModel>(File.ReadAllText(_options.SnapshotFile));
            var problems = cluster.Validate();
            if (problems.Count > 0)
            {
                throw new InvalidDataException($"Snapshot {_options.SnapshotFile} is inconsistent: {string.Join("; ", problems)}");
            }

            return ClusterGenerator.WithHostMetrics(cluster);
        }

        return ClusterGenerator.Generate(_options.Hosts, _options.Instances, _options.Seed);
    }
}
