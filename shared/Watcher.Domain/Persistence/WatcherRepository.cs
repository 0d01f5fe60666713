using Watcher.Domain.Errors;
using Watcher.Domain.Model;

namespace Watcher.Domain.Persistence;

/// <summary>Typed access to Watcher's documents: audit templates, audits, action plans (with their actions) and journals.</summary>
public sealed class WatcherRepository(IDocumentStore store)
{
    public const string AuditTemplates = "audit_templates";
    public const string Audits = "audits";
    public const string ActionPlans = "action_plans";
    public const string ActionIndex = "action_index";
    public const string Snapshots = "snapshots";
    public const string Metrics = "metrics";

    public IDocumentStore Store { get; } = store;

    public async Task<AuditTemplate> GetTemplateAsync(string uuid, CancellationToken ct = default) =>
        (await Store.GetAsync<AuditTemplate>(AuditTemplates, uuid, ct))?.Value is { DeletedAt: null } t ? t : throw new NotFoundException("AuditTemplate", uuid);

    /// <summary>The template with this uuid, or null when absent or deleted.</summary>
    public async Task<AuditTemplate?> FindTemplateAsync(string uuid, CancellationToken ct = default) =>
        (await Store.GetAsync<AuditTemplate>(AuditTemplates, uuid, ct))?.Value is { DeletedAt: null } t ? t : null;

    public async Task<Audit> GetAuditAsync(string uuid, CancellationToken ct = default) =>
        (await Store.GetAsync<Audit>(Audits, uuid, ct))?.Value is { } a && a.State != Lifecycle.AuditState.Deleted ? a : throw new NotFoundException("Audit", uuid);

    public async Task<ActionPlan> GetPlanAsync(string uuid, CancellationToken ct = default) =>
        (await Store.GetAsync<ActionPlan>(ActionPlans, uuid, ct))?.Value is { } p && p.State != Lifecycle.ActionPlanState.Deleted ? p : throw new NotFoundException("ActionPlan", uuid);

    public async Task<IReadOnlyList<AuditTemplate>> ListTemplatesAsync(CancellationToken ct = default) =>
        (await Store.ListAsync<AuditTemplate>(AuditTemplates, ct)).Select(v => v.Value).Where(t => t.DeletedAt is null).OrderBy(t => t.CreatedAt).ThenBy(t => t.Uuid, StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<Audit>> ListAuditsAsync(CancellationToken ct = default) =>
        (await Store.ListAsync<Audit>(Audits, ct)).Select(v => v.Value).OrderBy(a => a.CreatedAt).ThenBy(a => a.Uuid, StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<ActionPlan>> ListPlansAsync(CancellationToken ct = default) =>
        (await Store.ListAsync<ActionPlan>(ActionPlans, ct)).Select(v => v.Value).OrderBy(p => p.CreatedAt).ThenBy(p => p.Uuid, StringComparer.Ordinal).ToList();

    /// <summary>
    /// A page of a collection in the default order (created_at, then uuid): the <paramref name="limit"/> documents after
    /// <paramref name="marker"/> that are not deleted and match the filters; null when the marker is not one of them.
    /// O(page) on an <see cref="IndexedDocumentStore"/>; a full scan on any other store.
    /// </summary>
    public async Task<IndexedPage<T>?> QueryPageAsync<T>(string collection, IReadOnlyList<IndexFilter> filters, string? marker, int limit, CancellationToken ct = default)
        where T : class
    {
        if (Store is IndexedDocumentStore indexed)
        {
            return await indexed.PageAsync<T>(collection, filters, marker, limit, ct);
        }

        var all = await ScanAsync<T>(collection, filters, ct);
        var start = 0;
        if (marker is not null)
        {
            start = all.FindIndex(x => x.Id == marker) + 1;
            if (start == 0)
            {
                return null;
            }
        }

        return new IndexedPage<T>(all.Skip(start).Take(limit).Select(x => x.Document).ToList(), all.Count - start > limit);
    }

    /// <summary>Every document of a collection that is not deleted and matches the filters, in the default order (list views: a plan's actions may be left out).</summary>
    public async Task<IReadOnlyList<T>> QueryAllAsync<T>(string collection, IReadOnlyList<IndexFilter> filters, CancellationToken ct = default)
        where T : class =>
        Store is IndexedDocumentStore indexed
            ? await indexed.QueryAsync<T>(collection, filters, documents: false, ct)
            : (await ScanAsync<T>(collection, filters, ct)).Select(x => x.Document).ToList();

    /// <summary>The audit's plans that are not deleted, with their actions, in creation order (from the index: independent of the store's size).</summary>
    public async Task<IReadOnlyList<ActionPlan>> ListPlansOfAuditAsync(string auditUuid, CancellationToken ct = default)
    {
        IReadOnlyList<IndexFilter> filters = [IndexFilter.On("audit_uuid", auditUuid)];
        return Store is IndexedDocumentStore indexed
            ? await indexed.QueryAsync<ActionPlan>(ActionPlans, filters, documents: true, ct)
            : (await ScanAsync<ActionPlan>(ActionPlans, filters, ct)).Select(x => x.Document).ToList();
    }

    /// <summary>The first (oldest) audit with this name that is not deleted, or null.</summary>
    public async Task<Audit?> FindAuditByNameAsync(string name, CancellationToken ct = default) =>
        (await QueryPageAsync<Audit>(Audits, [IndexFilter.On("name", name)], null, 1, ct))?.Items.FirstOrDefault();

    /// <summary>The first (oldest) audit template with this name that is not deleted, or null.</summary>
    public async Task<AuditTemplate?> FindTemplateByNameAsync(string name, CancellationToken ct = default) =>
        (await QueryPageAsync<AuditTemplate>(AuditTemplates, [IndexFilter.On("name", name)], null, 1, ct))?.Items.FirstOrDefault();

    /// <summary>
    /// The continuous audits (PENDING or ONGOING) whose next run is due at <paramref name="now"/>, read from their documents.
    /// On an <see cref="IndexedDocumentStore"/> from the due index (keyed by next_run_time), not a scan of every audit.
    /// </summary>
    public async Task<IReadOnlyList<Audit>> ListDueContinuousAuditsAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        if (Store is IndexedDocumentStore indexed)
        {
            return await indexed.DueAsync<Audit>(Audits, now, ct);
        }

        return (await ListAuditsAsync(ct)).Where(a => IndexedCollections.Audits.Project(a).DueAt <= now).ToList();
    }

    public Task CreateTemplateAsync(AuditTemplate template, CancellationToken ct = default) => Store.CreateAsync(AuditTemplates, template.Uuid, template, ct);

    public Task CreateAuditAsync(Audit audit, CancellationToken ct = default) => Store.CreateAsync(Audits, audit.Uuid, audit, ct);

    /// <summary>Creates a plan; its action index entries are written first so a plan is never visible without them.</summary>
    public async Task CreatePlanAsync(ActionPlan plan, CancellationToken ct = default)
    {
        foreach (var action in plan.Actions)
        {
            try
            {
                await Store.CreateAsync(ActionIndex, action.Uuid, new ActionIndexEntry(action.Uuid, plan.Uuid), ct);
            }
            catch (ConcurrencyConflictException)
            {
                // Written by an earlier attempt of the same (idempotent) activity.
            }
        }

        await Store.CreateAsync(ActionPlans, plan.Uuid, plan, ct);
    }

    public async Task<Audit> UpdateAuditAsync(string uuid, Func<Audit, Audit> mutate, CancellationToken ct = default) =>
        await Store.UpdateAsync(Audits, uuid, mutate, ct) ?? throw new NotFoundException("Audit", uuid);

    public async Task<ActionPlan> UpdatePlanAsync(string uuid, Func<ActionPlan, ActionPlan> mutate, CancellationToken ct = default) =>
        await Store.UpdateAsync(ActionPlans, uuid, mutate, ct) ?? throw new NotFoundException("ActionPlan", uuid);

    public async Task<AuditTemplate> UpdateTemplateAsync(string uuid, Func<AuditTemplate, AuditTemplate> mutate, CancellationToken ct = default) =>
        await Store.UpdateAsync(AuditTemplates, uuid, mutate, ct) ?? throw new NotFoundException("AuditTemplate", uuid);

    /// <summary>Finds an action and its plan by the action's uuid.</summary>
    public async Task<(ActionPlan Plan, WatcherAction Action)> GetActionAsync(string actionUuid, CancellationToken ct = default)
    {
        var entry = await Store.GetAsync<ActionIndexEntry>(ActionIndex, actionUuid, ct) ?? throw new NotFoundException("Action", actionUuid);
        var plan = await Store.GetAsync<ActionPlan>(ActionPlans, entry.Value.ActionPlanUuid, ct) ?? throw new NotFoundException("Action", actionUuid);
        var action = plan.Value.FindAction(actionUuid) ?? throw new NotFoundException("Action", actionUuid);
        return (plan.Value, action);
    }

    /// <summary>Appends an event to a plan's execution journal.</summary>
    public Task JournalAsync(string planUuid, JournalEntry entry, CancellationToken ct = default) =>
        Store.AppendAsync("action_plan-" + planUuid, Json.WatcherJson.Serialize(entry), ct);

    /// <summary>
    /// Appends <paramref name="entry"/> unless the journal already has an entry with the same event for the same action.
    /// For an activity retried after a crash between saving an action's state and journalling it: the retry finds the
    /// state already saved and repairs the journal instead of losing (or duplicating) the line.
    /// </summary>
    public async Task JournalOnceAsync(string planUuid, JournalEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!(await ReadJournalAsync(planUuid, ct)).Any(e => e.Event == entry.Event && e.ActionUuid == entry.ActionUuid))
        {
            await JournalAsync(planUuid, entry, ct);
        }
    }

    public async Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(string planUuid, CancellationToken ct = default) =>
        (await Store.ReadJournalAsync("action_plan-" + planUuid, ct)).Select(Json.WatcherJson.Deserialize<JournalEntry>).ToList();

    /// <summary>The un-indexed path: every document read, then filtered and ordered as the index orders rows.</summary>
    private async Task<List<(string Id, T Document)>> ScanAsync<T>(string collection, IReadOnlyList<IndexFilter> filters, CancellationToken ct)
        where T : class
    {
        var c = IndexedCollections.Find(collection) ?? throw new ArgumentException($"Collection '{collection}' is not indexed.", nameof(collection));
        return (await Store.ListAsync<T>(collection, ct))
            .Select(v => (Projection: c.Project(v.Value), v.Value))
            .Where(x => !x.Projection.Deleted && filters.All(f => f.Matches(x.Projection.Fields)))
            .Select(x => (Key: IndexKeys.Of(x.Projection.CreatedAt, x.Projection.Id), x.Projection.Id, x.Value))
            .OrderBy(x => x.Key, StringComparer.Ordinal)
            .Select(x => (x.Id, x.Value))
            .ToList();
    }

}
