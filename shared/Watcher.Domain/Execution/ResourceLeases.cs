using Watcher.Domain.Actions;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.Domain.Execution;

/// <summary>
/// Serialises plans that touch the same hosts or instances. Before a plan's execution or rollback acts, it takes one
/// lease per resource its actions touch (the action definitions' footprints: instance, source, destination, host and
/// its alias), all or nothing, in sorted key order. Each lease is a document written with the store's optimistic
/// concurrency (create-if-absent, then ETag-conditional replace), so two writers can never both win. A lease is
/// released when its plan finishes, and whatever a crash left behind is reclaimable as soon as its holder plan is no
/// longer running. Hand-written over <see cref="IDocumentStore"/> because the leases must live in the same store as
/// the plans (blob storage in every host) and depend on the plans' states for crash safety.
/// </summary>
public sealed class ResourceLeases(WatcherRepository repository, ActionCatalog catalog)
{
    /// <summary>The collection holding one <see cref="ResourceLease"/> per resource key.</summary>
    public const string Collection = "leases";

    private const int MaxAttempts = 20;

    /// <summary>The plan states in which a plan's execution or rollback may act, so its leases are held.</summary>
    public static IReadOnlySet<ActionPlanState> Running { get; } = new HashSet<ActionPlanState>
    {
        ActionPlanState.Pending, ActionPlanState.Ongoing, ActionPlanState.Cancelling, ActionPlanState.RollingBack,
    };

    /// <summary>The resource keys a plan's actions touch, distinct and sorted (ordinal): <c>host:NAME</c>, <c>instance:UUID</c>.</summary>
    public IReadOnlyList<string> Keys(ActionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var action in plan.Actions)
        {
            var footprint = catalog.Footprint(action.ActionType, action.InputParameters);
            switch (footprint.Kind)
            {
                case FootprintKind.Migration:
                    keys.Add("instance:" + footprint.Resource);
                    keys.Add("host:" + footprint.Source);
                    keys.Add("host:" + footprint.Destination);
                    break;
                case FootprintKind.Host:
                    keys.Add("host:" + footprint.Resource);
                    if (footprint.Alias is { } alias)
                    {
                        keys.Add("host:" + alias);
                    }

                    break;
                case FootprintKind.Resource:
                    keys.Add("instance:" + footprint.Resource);
                    break;
                default:
                    // A barrier (nop, sleep) touches nothing another plan could undo.
                    break;
            }
        }

        return [.. keys];
    }

    /// <summary>
    /// Takes every lease <paramref name="plan"/> needs, or none: null when it holds them all now (leases it already
    /// held count), otherwise the running plan that holds the first one it could not take, with every resource of
    /// <paramref name="plan"/> that plan holds. On a conflict the leases taken by this call are given back, so a
    /// waiting plan holds nothing (no deadlock between two plans each holding part of the other's set).
    /// </summary>
    public async Task<LeaseConflict?> AcquireAsync(ActionPlan plan, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var keys = Keys(plan);
        var running = new Dictionary<string, bool>(StringComparer.Ordinal);
        var taken = new List<string>();
        for (var i = 0; i < keys.Count; i++)
        {
            var holder = await TryTakeAsync(keys[i], plan.Uuid, now, running, cancellationToken);
            if (holder is null)
            {
                taken.Add(keys[i]);
                continue;
            }

            var shared = new List<string> { keys[i] };
            foreach (var key in keys.Skip(i + 1))
            {
                if ((await repository.Store.GetAsync<ResourceLease>(Collection, key, cancellationToken))?.Value.Holder == holder)
                {
                    shared.Add(key);
                }
            }

            await ReleaseAsync(plan.Uuid, taken, now, cancellationToken);
            return new LeaseConflict(holder, shared);
        }

        return null;
    }

    /// <summary>Gives back every lease of <paramref name="plan"/>'s resources that it holds (leases held by another plan are left alone).</summary>
    public Task ReleaseAsync(ActionPlan plan, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return ReleaseAsync(plan.Uuid, Keys(plan), now, cancellationToken);
    }

    /// <summary>The lease of one resource key, or null when it was never taken.</summary>
    public async Task<ResourceLease?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        (await repository.Store.GetAsync<ResourceLease>(Collection, key, cancellationToken))?.Value;

    private async Task ReleaseAsync(string planUuid, IEnumerable<string> keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            await repository.Store.UpdateAsync<ResourceLease>(Collection, key, l => l.Holder == planUuid ? l with { Holder = null, AcquiredAt = now } : l, cancellationToken);
        }
    }

    /// <summary>Null when <paramref name="planUuid"/> holds <paramref name="key"/> now; otherwise the running plan that does.</summary>
    private async Task<string?> TryTakeAsync(string key, string planUuid, DateTimeOffset now, Dictionary<string, bool> running, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var current = await repository.Store.GetAsync<ResourceLease>(Collection, key, cancellationToken);
                if (current is null)
                {
                    await repository.Store.CreateAsync(Collection, key, new ResourceLease(key, planUuid, now), cancellationToken);
                    return null;
                }

                var holder = current.Value.Holder;
                if (holder == planUuid)
                {
                    return null;
                }

                if (holder is not null && await IsRunningAsync(holder, running, cancellationToken))
                {
                    return holder;
                }

                // Free, or left behind by a plan that is no longer running (it crashed before releasing): take it.
                await repository.Store.ReplaceAsync(Collection, key, new ResourceLease(key, planUuid, now), current.ETag, cancellationToken);
                return null;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Another plan wrote the lease between our read and write: read it again.
                running.Clear();
            }
        }
    }

    private async Task<bool> IsRunningAsync(string planUuid, Dictionary<string, bool> running, CancellationToken cancellationToken)
    {
        if (!running.TryGetValue(planUuid, out var result))
        {
            var plan = await repository.Store.GetAsync<ActionPlan>(WatcherRepository.ActionPlans, planUuid, cancellationToken);
            running[planUuid] = result = plan is not null && Running.Contains(plan.Value.State);
        }

        return result;
    }
}
