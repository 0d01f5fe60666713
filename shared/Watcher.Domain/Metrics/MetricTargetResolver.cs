namespace Watcher.Domain.Metrics;

/// <summary>
/// Maps the resource ids in a <see cref="MetricRangeQuery"/> (host and instance uuids) to what names them in a metrics
/// backend (<typeparamref name="TTarget"/>: a Prometheus label value, an Azure resource id). A resolver over a live
/// cloud reads the model once per query. Each metrics adapter derives its resolver from this one and adds factories.
/// </summary>
/// <typeparam name="TTarget">What the backend knows a resource by.</typeparam>
public abstract class MetricTargetResolver<TTarget>
    where TTarget : class
{
    private readonly Func<CancellationToken, ValueTask<Func<MetricResource, string, TTarget?>>> _snapshot;

    /// <param name="resolve">The target for a resource id, or null when the resource has none (it gets no series).</param>
    protected MetricTargetResolver(Func<MetricResource, string, TTarget?> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        _snapshot = _ => ValueTask.FromResult(resolve);
    }

    /// <param name="snapshot">Builds the lookup once per query (for example from the cloud's current model).</param>
    protected MetricTargetResolver(Func<CancellationToken, ValueTask<Func<MetricResource, string, TTarget?>>> snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _snapshot = snapshot;
    }

    /// <summary>The targets of the given resources; unknown ones, and targets <see cref="IsUsable"/> refuses, are left out.</summary>
    public async ValueTask<IReadOnlyDictionary<string, TTarget>> ResolveAsync(MetricResource resource, IEnumerable<string> resourceIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resourceIds);
        var lookup = await _snapshot(cancellationToken);
        var targets = new Dictionary<string, TTarget>(StringComparer.Ordinal);
        foreach (var id in resourceIds)
        {
            if (!targets.ContainsKey(id) && lookup(resource, id) is { } target && IsUsable(target))
            {
                targets[id] = target;
            }
        }

        return targets;
    }

    /// <summary>Whether a resolved target can be queried (for example, its name is not empty).</summary>
    protected virtual bool IsUsable(TTarget target) => true;
}
