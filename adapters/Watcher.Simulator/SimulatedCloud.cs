using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Watcher.Application.Ports;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Json;
using Watcher.Domain.Persistence;

namespace Watcher.Simulator;

/// <summary>
/// The embedded cloud: applies compute operations to a simulated cluster kept in the document store, so it
/// survives restarts. Every operation key is applied at most once, even when retried or replayed; injected
/// faults make chosen operations fail. It is also the application's <see cref="ISimulatorControl"/> port (state,
/// faults, reset), through which the HTTP API controls it without referencing this adapter.
/// </summary>
public sealed class SimulatedCloud : ICloud, ISimulatorControl
{
    public const string Collection = "simulator";
    public const string StateId = "state";

    /// <summary>The name configuration selects the simulator by.</summary>
    public const string CloudName = "simulator";
    private const int MaxAttempts = 50;

    private readonly IDocumentStore _store;
    private readonly SimulatorOptions _options;
    private readonly TimeProvider _time;

    // Operations waiting in a simulated delay, by operation key, so that Abort can cancel them (in this process only).
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _delays = new(StringComparer.Ordinal);

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
        var fresh = new SimulatorState { Cluster = ClusterGenerator.WithHostMetrics(cluster ?? InitialCluster(), _options.Seed) };
        await MutateAsync(_ => fresh, cancellationToken);
    }

    public string Name => CloudName;

    /// <summary>The seed of the generated cluster and of its metric history.</summary>
    public int Seed => _options.Seed;

    /// <summary>The metric history of the cluster as it is now, replaying every placement change so far.</summary>
    public async Task<SimulatedHistory> GetHistoryAsync(CancellationToken cancellationToken = default)
    {
        var state = await GetStateAsync(cancellationToken);
        return new SimulatedHistory(state.Cluster, state.Placements, _options.Seed);
    }

    public async Task<SimulatorState> GetStateAsync(CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken);
        return (await _store.GetAsync<SimulatorState>(Collection, StateId, cancellationToken))!.Value;
    }

    string ISimulatorControl.CloudName => CloudName;

    public async Task<SimulatorStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var state = await GetStateAsync(cancellationToken);
        return new SimulatorStatus(state.Cluster.Hosts.Count, state.Cluster.Instances.Count, state.Version, state.Faults, state.Executions);
    }

    public async Task<ClusterModel> GetClusterAsync(CancellationToken cancellationToken = default) =>
        (await GetStateAsync(cancellationToken)).Cluster;

    /// <summary>Replaces the fault rules. Ordinals count from now: "the 3rd migrate" is the 3rd one after this call.</summary>
    public Task SetFaultsAsync(IReadOnlyList<SimulatorFault> faults, CancellationToken cancellationToken = default) =>
        MutateAsync(s => s with { Faults = faults.Select(f => f with { Fired = 0 }).ToList(), SeenKeys = new Dictionary<string, List<string>>() }, cancellationToken);

    /// <summary>
    /// Applies an action's effect (or, with <paramref name="revert"/>, its revert) to the simulated cluster as its
    /// <see cref="IActionDefinition"/> defines it, at most once per <paramref name="operationKey"/>. The cloud refuses
    /// what the definition's effect refuses (no room, a node still running instances, ...).
    /// </summary>
    public Task ApplyActionAsync(IActionDefinition definition, JsonObject input, string operationKey, bool revert = false, JsonObject? revertData = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(input);
        return ApplyAsync(definition.ActionType, operationKey, cancellationToken, cluster =>
        {
            var state = new ClusterState(cluster);
            string detail;
            try
            {
                detail = revert ? definition.Revert(state, input, revertData) : definition.Apply(state, input);
            }
            catch (ActionPreconditionException ex)
            {
                throw new ActionFailedException(ex.Message);
            }

            var target = input["resource_id"] is JsonValue id && id.TryGetValue<string>(out var text) ? text : definition.ActionType;
            return (state.ToModel(), target, detail);
        });
    }

    /// <summary>
    /// Aborts the operation <paramref name="operationKey"/> if it is waiting in a simulated delay (an operation delay
    /// or a hang fault): it then fails without applying. False when no such operation is waiting.
    /// </summary>
    public bool Abort(string operationKey)
    {
        if (!_delays.TryGetValue(operationKey, out var delay))
        {
            return false;
        }

        try
        {
            delay.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            // The delay ended while we looked: too late to abort.
            return false;
        }
    }

    /// <inheritdoc />
    public IActionHandler? DefaultHandler(IActionDefinition definition) => new SimulatedActionHandler(this, definition);

    private async Task ApplyAsync(string operation, string key, CancellationToken cancellationToken, Func<ClusterModel, (ClusterModel Cluster, string Target, string Detail)> apply)
    {
        await DelayAsync(key, _options.OperationDelayMs, cancellationToken);
        await EnsureInitializedAsync(cancellationToken);
        var hung = false;
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
                && (f.Times == 0 || f.Fired < f.Times)
                && !(hung && f.DelayMs > 0));
            SimulatorState next;
            Exception? failure = null;
            if (faultIndex >= 0)
            {
                var fault = faults[faultIndex];
                faults[faultIndex] = fault with { Fired = fault.Fired + 1 };
                next = state with { SeenKeys = seen, Faults = faults, Version = state.Version + 1 };
                if (fault.DelayMs > 0)
                {
                    // A hang: record that the rule fired, wait (abortable), then apply as usual.
                    if (!await TryReplaceAsync(next, current.ETag, attempt, cancellationToken))
                    {
                        continue;
                    }

                    await DelayAsync(key, fault.DelayMs, cancellationToken);
                    hung = true;
                    continue;
                }

                failure = new ActionFailedException($"Simulated fault on {operation} #{ordinals[fault.ActionType]}: {fault.Message}");
            }
            else
            {
                try
                {
                    var (cluster, target, detail) = apply(state.Cluster);
                    var now = _time.GetUtcNow();
                    next = state with
                    {
                        Cluster = ClusterGenerator.WithHostMetrics(cluster, _options.Seed),
                        Placements = [.. state.Placements, .. Moves(state.Cluster, cluster, now)],
                        AppliedKeys = [.. state.AppliedKeys, key],
                        SeenKeys = seen,
                        Executions = [.. state.Executions, new SimulatorExecution(key, operation, target, detail, now)],
                        Version = state.Version + 1,
                    };
                }
                catch (ActionFailedException ex)
                {
                    next = state with { SeenKeys = seen, Version = state.Version + 1 };
                    failure = ex;
                }
            }

            if (!await TryReplaceAsync(next, current.ETag, attempt, cancellationToken))
            {
                continue;
            }

            if (failure is not null)
            {
                throw failure;
            }

            return;
        }
    }

    /// <summary>The instances whose host differs between <paramref name="before"/> and <paramref name="after"/>.</summary>
    private static IEnumerable<PlacementChange> Moves(ClusterModel before, ClusterModel after, DateTimeOffset at)
    {
        foreach (var instance in after.Instances)
        {
            if (before.FindInstance(instance.Uuid) is { } old && !string.Equals(old.HostUuid, instance.HostUuid, StringComparison.Ordinal))
            {
                yield return new PlacementChange(instance.Uuid, old.HostUuid, instance.HostUuid, at);
            }
        }
    }

    /// <summary>Writes <paramref name="next"/> if the state is still <paramref name="etag"/>; false (after a short pause) when another writer won.</summary>
    private async Task<bool> TryReplaceAsync(SimulatorState next, string etag, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await _store.ReplaceAsync(Collection, StateId, next, etag, cancellationToken);
            return true;
        }
        catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
        {
            await Task.Delay(Random.Shared.Next(2, 10 * Math.Min(attempt, 10)), cancellationToken);
            return false;
        }
    }

    /// <summary>Waits <paramref name="milliseconds"/> unless <see cref="Abort"/> is called for <paramref name="key"/>, which fails the operation.</summary>
    private async Task DelayAsync(string key, int milliseconds, CancellationToken cancellationToken)
    {
        if (milliseconds <= 0)
        {
            return;
        }

        using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _delays[key] = delay;
        try
        {
            await Task.Delay(milliseconds, delay.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ActionFailedException($"Operation {key} was aborted.");
        }
        finally
        {
            _delays.TryRemove(new KeyValuePair<string, CancellationTokenSource>(key, delay));
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

            return ClusterGenerator.WithHostMetrics(cluster, _options.Seed);
        }

        return ClusterGenerator.Generate(_options.Hosts, _options.Instances, _options.Seed);
    }
}
