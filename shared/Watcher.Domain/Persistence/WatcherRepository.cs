using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;

namespace Watcher.Domain.Persistence;

/// <summary>
/// Typed access to Watcher's documents: audit templates, audits, action plans (with their actions) and journals.
/// A plan with more than <see cref="SeparateActionsAbove"/> actions keeps each action in its own document
/// (<see cref="PlanActions"/>) and its action order in pages (<see cref="ActionPages"/>), so that one action's update
/// rewrites that action only, not a document of every action; its plan document holds the rest
/// (<see cref="ActionPlan.StoredActionCount"/>). Plans stored with their actions embedded are read as before.
/// </summary>
public sealed class WatcherRepository(IDocumentStore store)
{
    public const string AuditTemplates = "audit_templates";
    public const string Audits = "audits";
    public const string ActionPlans = "action_plans";
    public const string ActionIndex = "action_index";
    public const string Snapshots = "snapshots";
    public const string Metrics = "metrics";

    /// <summary>One document per action of a plan stored with separate actions, by the action's uuid.</summary>
    public const string PlanActions = "plan_actions";

    /// <summary>The action order of plans stored with separate actions, in pages (<see cref="ActionPage"/>).</summary>
    public const string ActionPages = "action_pages";

    private const int Parallelism = 16;

    /// <summary>Plans with more actions than this are created with their actions in separate documents.</summary>
    public int SeparateActionsAbove { get; set; } = 500;

    /// <summary>How many action uuids each page of a new plan's action order holds (recorded on the plan).</summary>
    public int ActionPageSize { get; set; } = 500;

    public IDocumentStore Store { get; } = store;

    public async Task<AuditTemplate> GetTemplateAsync(string uuid, CancellationToken ct = default) =>
        (await Store.GetAsync<AuditTemplate>(AuditTemplates, uuid, ct))?.Value is { DeletedAt: null } t ? t : throw new NotFoundException("AuditTemplate", uuid);

    /// <summary>The template with this uuid, or null when absent or deleted.</summary>
    public async Task<AuditTemplate?> FindTemplateAsync(string uuid, CancellationToken ct = default) =>
        (await Store.GetAsync<AuditTemplate>(AuditTemplates, uuid, ct))?.Value is { DeletedAt: null } t ? t : null;

    public async Task<Audit> GetAuditAsync(string uuid, CancellationToken ct = default) =>
        (await Store.GetAsync<Audit>(Audits, uuid, ct))?.Value is { } a && a.State != Lifecycle.AuditState.Deleted ? a : throw new NotFoundException("Audit", uuid);

    /// <summary>The whole plan, with its actions (read from their own documents for a plan stored that way).</summary>
    public async Task<ActionPlan> GetPlanAsync(string uuid, CancellationToken ct = default) =>
        await WithActionsAsync(await GetPlanSummaryAsync(uuid, ct), ct);

    /// <summary>
    /// The plan's own document: for a plan whose actions are stored separately (<see cref="ActionPlan.StoredActionCount"/>),
    /// without its actions. One read, whatever the plan's size.
    /// </summary>
    public async Task<ActionPlan> GetPlanSummaryAsync(string uuid, CancellationToken ct = default) =>
        (await Store.GetAsync<ActionPlan>(ActionPlans, uuid, ct))?.Value is { } p && p.State != Lifecycle.ActionPlanState.Deleted ? p : throw new NotFoundException("ActionPlan", uuid);

    /// <summary><paramref name="plan"/> with its actions filled in when they are stored separately; otherwise itself.</summary>
    public async Task<ActionPlan> WithActionsAsync(ActionPlan plan, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.StoredActionCount is null ? plan : plan with { Actions = [.. (await LoadActionsAsync(plan, ct)).Select(a => a.Value)] };
    }

    /// <summary>How many pages of action order a plan stored with separate actions has (0 for an embedded plan).</summary>
    public static int PageCount(ActionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.StoredActionCount is { } count && plan.ActionPageSize is { } size ? (count + size - 1) / size : 0;
    }

    /// <summary>The actions on one page of a plan stored with separate actions, in plan order.</summary>
    public async Task<IReadOnlyList<WatcherAction>> GetActionPageAsync(ActionPlan plan, int page, CancellationToken ct = default) =>
        [.. (await LoadPageAsync(plan, page, ct)).Select(a => a.Value)];

    /// <summary>
    /// Reads actions of a plan stored with separate actions by uuid (those missing are left out), in parallel.
    /// </summary>
    public async Task<IReadOnlyList<WatcherAction>> GetStoredActionsAsync(IReadOnlyCollection<string> actionUuids, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actionUuids);
        var found = new Versioned<WatcherAction>?[actionUuids.Count];
        await Parallel.ForEachAsync(actionUuids.Select((uuid, i) => (uuid, i)), Options(ct), async (x, token) =>
            found[x.i] = await Store.GetAsync<WatcherAction>(PlanActions, x.uuid, token));
        return [.. found.Where(v => v is not null).Select(v => v!.Value)];
    }

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
            ? await indexed.QueryAsync<T>(collection, filters, documents: false, cancellationToken: ct)
            : (await ScanAsync<T>(collection, filters, ct)).Select(x => x.Document).ToList();

    /// <summary>
    /// The list views (a plan's without actions) of a collection's documents in any of <paramref name="states"/>, in the
    /// default order: one index query per state on an <see cref="IndexedDocumentStore"/>, else a scan.
    /// </summary>
    public async Task<IReadOnlyList<T>> ListInStatesAsync<T, TState>(string collection, IReadOnlyList<TState> states, CancellationToken ct = default)
        where T : class
        where TState : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(states);
        var c = IndexedCollections.Find(collection) ?? throw new ArgumentException($"Collection '{collection}' is not indexed.", nameof(collection));
        var found = new List<T>();
        foreach (var state in states)
        {
            found.AddRange(await QueryAllAsync<T>(collection, [IndexFilter.On("state", StateMachine<TState>.Name(state))], ct));
        }

        return found.Select(d => (Key: c.Project(d), Document: d))
            .OrderBy(x => IndexKeys.Of(x.Key.CreatedAt, x.Key.Id), StringComparer.Ordinal)
            .Select(x => x.Document).ToList();
    }

    /// <summary>
    /// The list views (without actions) of every plan of a strategy, deleted ones included, in creation order: from the
    /// index on an <see cref="IndexedDocumentStore"/> (independent of how many other plans are stored), else a scan.
    /// </summary>
    public async Task<IReadOnlyList<ActionPlan>> ListPlanSummariesOfStrategyAsync(string strategyName, CancellationToken ct = default)
    {
        IReadOnlyList<IndexFilter> filters = [IndexFilter.On("strategy_name", strategyName)];
        return Store is IndexedDocumentStore indexed
            ? await indexed.QueryAsync<ActionPlan>(ActionPlans, filters, documents: false, includeDeleted: true, ct)
            : (await ListPlansAsync(ct)).Where(p => p.StrategyName == strategyName).ToList();
    }

    /// <summary>
    /// What a return plan is computed from (<c>ReturnPlanner</c>), with their actions, in creation order: every plan
    /// that may have acted on the cluster at or after <paramref name="since"/> or may still act, and every return plan
    /// (deleted ones too, which number the next). A plan acts only between its start and its final state, and each of
    /// its state changes sets <see cref="ActionPlan.UpdatedAt"/>; so a plan whose last change (or creation) is before
    /// <paramref name="since"/> and that sits in a final state or was never started cannot have acted since, and is
    /// left out. On an <see cref="IndexedDocumentStore"/> the choice is made on the index's list views and only the
    /// chosen plans are read (a return after maintenance no longer reads every plan ever made); else every plan is read.
    /// </summary>
    public async Task<IReadOnlyList<ActionPlan>> ListPlansActingSinceAsync(DateTimeOffset since, CancellationToken ct = default)
    {
        bool Chosen(ActionPlan p) => p.ReturnOf is not null || (p.State != ActionPlanState.Deleted && (!CannotActLater(p.State) || (p.UpdatedAt ?? p.CreatedAt) >= since));
        if (Store is not IndexedDocumentStore indexed)
        {
            return (await ListPlansAsync(ct)).Where(Chosen).ToList();
        }

        var chosen = (await indexed.QueryAsync<ActionPlan>(ActionPlans, [], documents: false, includeDeleted: true, ct)).Where(Chosen).ToList();
        var plans = new List<ActionPlan>(chosen.Count);
        foreach (var summary in chosen)
        {
            if (await Store.GetAsync<ActionPlan>(ActionPlans, summary.Uuid, ct) is { } stored)
            {
                plans.Add(await WithActionsAsync(stored.Value, ct));
            }
        }

        return plans;
    }

    /// <summary>A plan in this state acts no more until its state changes: final, or never started.</summary>
    private static bool CannotActLater(ActionPlanState state) => state is ActionPlanState.Recommended or ActionPlanState.Succeeded
        or ActionPlanState.Failed or ActionPlanState.Cancelled or ActionPlanState.Superseded or ActionPlanState.RolledBack
        or ActionPlanState.PartiallyRolledBack or ActionPlanState.RollbackFailed or ActionPlanState.Deleted;

    /// <summary>The audit's plans that are not deleted, with their actions, in creation order (from the index: independent of the store's size).</summary>
    public async Task<IReadOnlyList<ActionPlan>> ListPlansOfAuditAsync(string auditUuid, CancellationToken ct = default)
    {
        IReadOnlyList<IndexFilter> filters = [IndexFilter.On("audit_uuid", auditUuid)];
        return Store is IndexedDocumentStore indexed
            ? await indexed.QueryAsync<ActionPlan>(ActionPlans, filters, documents: true, cancellationToken: ct)
            : (await ScanAsync<ActionPlan>(ActionPlans, filters, ct)).Select(x => x.Document).ToList();
    }

    /// <summary>The first (oldest) audit with this name that is not deleted, or null.</summary>
    public async Task<Audit?> FindAuditByNameAsync(string name, CancellationToken ct = default) =>
        (await QueryPageAsync<Audit>(Audits, [IndexFilter.On("name", name)], null, 1, ct))?.Items.FirstOrDefault();

    /// <summary>
    /// The uuid of the audit that <paramref name="uuidOrName"/> names (uuid first, then name), if it exists and is not
    /// deleted; null otherwise. Answered from the index's in-process copy when there is one (no document read, as fresh
    /// as a list), else from the document.
    /// </summary>
    public async Task<string?> FindAuditUuidAsync(string uuidOrName, CancellationToken ct = default)
    {
        if (Store is IndexedDocumentStore { Index: IIndexRowLookup lookup } && await lookup.FindByIdAsync(Audits, uuidOrName, ct) is { Dirty: false } row)
        {
            return row.Deleted ? null : row.Id; // As the show: a deleted audit's uuid is not found (its name is not tried).
        }

        var audit = (await Store.GetAsync<Audit>(Audits, uuidOrName, ct))?.Value ?? await FindAuditByNameAsync(uuidOrName, ct);
        return audit is { State: not AuditState.Deleted } ? audit.Uuid : null;
    }

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

    /// <summary>
    /// Creates a plan; its action index entries (and, for a plan of more than <see cref="SeparateActionsAbove"/> actions,
    /// its action documents and pages) are written first so a plan is never visible without them.
    /// </summary>
    public async Task CreatePlanAsync(ActionPlan plan, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var separate = plan.Actions.Count > SeparateActionsAbove;
        if (!separate)
        {
            foreach (var action in plan.Actions)
            {
                await CreateOnceAsync(ActionIndex, action.Uuid, new ActionIndexEntry(action.Uuid, plan.Uuid), ct);
            }

            await Store.CreateAsync(ActionPlans, plan.Uuid, plan, ct);
            return;
        }

        var size = Math.Max(1, ActionPageSize);
        await Parallel.ForEachAsync(plan.Actions, Options(ct), async (action, token) =>
        {
            await CreateOnceAsync(ActionIndex, action.Uuid, new ActionIndexEntry(action.Uuid, plan.Uuid), token);
            await CreateOnceAsync(PlanActions, action.Uuid, action, token);
        });
        await Parallel.ForEachAsync(plan.Actions.Chunk(size).Select((chunk, page) => (chunk, page)), Options(ct), async (x, token) =>
            await CreateOnceAsync(ActionPages, PageId(plan.Uuid, x.page), new ActionPage(plan.Uuid, x.page, [.. x.chunk.Select(a => a.Uuid)]), token));
        await Store.CreateAsync(ActionPlans, plan.Uuid, plan with { Actions = [], StoredActionCount = plan.Actions.Count, ActionPageSize = size }, ct);
    }

    public async Task<Audit> UpdateAuditAsync(string uuid, Func<Audit, Audit> mutate, CancellationToken ct = default) =>
        await Store.UpdateAsync(Audits, uuid, mutate, ct) ?? throw new NotFoundException("Audit", uuid);

    /// <summary>
    /// Read-modify-write of a whole plan (see <see cref="DocumentStoreExtensions.UpdateAsync"/>). For a plan stored with
    /// separate actions, <paramref name="mutate"/> sees every action, and only the actions it replaced are written back
    /// (each under its own ETag), then the plan's document; a conflict on either re-reads and re-applies.
    /// </summary>
    public async Task<ActionPlan> UpdatePlanAsync(string uuid, Func<ActionPlan, ActionPlan> mutate, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(mutate);
        for (var attempt = 1; ; attempt++)
        {
            var current = await Store.GetAsync<ActionPlan>(ActionPlans, uuid, ct) ?? throw new NotFoundException("ActionPlan", uuid);
            if (current.Value.StoredActionCount is null)
            {
                // Embedded actions: one conditional replace of the plan's document, as DocumentStoreExtensions.UpdateAsync.
                var changed = mutate(current.Value);
                if (ReferenceEquals(changed, current.Value))
                {
                    return changed;
                }

                try
                {
                    await Store.ReplaceAsync(ActionPlans, uuid, changed, current.ETag, ct);
                    return changed;
                }
                catch (ConcurrencyConflictException) when (attempt < 20)
                {
                    await Task.Delay(Random.Shared.Next(5, 20 * attempt), ct);
                    continue;
                }
            }

            var stored = await LoadActionsAsync(current.Value, ct);
            var whole = current.Value with { Actions = [.. stored.Select(a => a.Value)] };
            var next = mutate(whole);
            if (ReferenceEquals(next, whole))
            {
                return whole;
            }

            if (next.Actions.Count != stored.Count)
            {
                throw new InvalidOperationException($"Actions cannot be added to or removed from action plan {uuid}, which stores them separately.");
            }

            try
            {
                var changed = Enumerable.Range(0, stored.Count).Where(i => !ReferenceEquals(next.Actions[i], whole.Actions[i])).ToList();
                await Parallel.ForEachAsync(changed, Options(ct), async (i, token) =>
                    await Store.ReplaceAsync(PlanActions, next.Actions[i].Uuid, next.Actions[i], stored[i].ETag, token));
                await Store.ReplaceAsync(ActionPlans, uuid, next with { Actions = [] }, current.ETag, ct);
                return next;
            }
            catch (ConcurrencyConflictException) when (attempt < 20)
            {
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), ct);
            }
        }
    }

    /// <summary>
    /// As <see cref="UpdatePlanAsync"/> for a change to the plan's own fields only (its state, next run): for a plan
    /// stored with separate actions <paramref name="mutate"/> gets the plan without its actions, so it must neither read
    /// nor change them. One read and one write, whatever the plan's size.
    /// </summary>
    public async Task<ActionPlan> UpdatePlanHeaderAsync(string uuid, Func<ActionPlan, ActionPlan> mutate, CancellationToken ct = default) =>
        await Store.UpdateAsync(ActionPlans, uuid, mutate, ct) ?? throw new NotFoundException("ActionPlan", uuid);

    /// <summary>One action of a plan: one read of the action's own document for a plan stored that way.</summary>
    public async Task<WatcherAction> GetPlanActionAsync(string planUuid, string actionUuid, CancellationToken ct = default)
    {
        var plan = await GetPlanSummaryAsync(planUuid, ct);
        if (plan.StoredActionCount is null)
        {
            return plan.FindAction(actionUuid) ?? throw new NotFoundException("Action", actionUuid);
        }

        return (await Store.GetAsync<WatcherAction>(PlanActions, actionUuid, ct))?.Value is { } action && action.ActionPlanUuid == planUuid
            ? action
            : throw new NotFoundException("Action", actionUuid);
    }

    /// <summary>
    /// Applies <paramref name="change"/> (one of <see cref="WatcherAction"/>'s transitions) to one action and returns it as
    /// written: a read-modify-write of that action's document for a plan stored with separate actions, of the plan's
    /// document otherwise.
    /// </summary>
    public async Task<WatcherAction> UpdatePlanActionAsync(string planUuid, string actionUuid, Func<WatcherAction, WatcherAction> change, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            // One read of the plan's document tells the layout; for embedded actions the same read serves the update.
            var current = await Store.GetAsync<ActionPlan>(ActionPlans, planUuid, ct) ?? throw new NotFoundException("ActionPlan", planUuid);
            if (current.Value.StoredActionCount is not null)
            {
                break;
            }

            var plan = current.Value.FindAction(actionUuid) is null ? throw new NotFoundException("Action", actionUuid) : current.Value.UpdateAction(actionUuid, change);
            if (ReferenceEquals(plan, current.Value))
            {
                return plan.FindAction(actionUuid)!;
            }

            try
            {
                await Store.ReplaceAsync(ActionPlans, planUuid, plan, current.ETag, ct);
                return plan.FindAction(actionUuid)!;
            }
            catch (ConcurrencyConflictException) when (attempt < 20)
            {
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), ct);
            }
        }

        return await Store.UpdateAsync<WatcherAction>(PlanActions, actionUuid, a => a.ActionPlanUuid == planUuid ? change(a) : throw new NotFoundException("Action", actionUuid), ct)
            ?? throw new NotFoundException("Action", actionUuid);
    }

    public async Task<AuditTemplate> UpdateTemplateAsync(string uuid, Func<AuditTemplate, AuditTemplate> mutate, CancellationToken ct = default) =>
        await Store.UpdateAsync(AuditTemplates, uuid, mutate, ct) ?? throw new NotFoundException("AuditTemplate", uuid);

    /// <summary>Finds an action and its plan by the action's uuid.</summary>
    public async Task<(ActionPlan Plan, WatcherAction Action)> GetActionAsync(string actionUuid, CancellationToken ct = default)
    {
        var plan = await GetPlanOfActionAsync(actionUuid, ct);
        if (plan.StoredActionCount is not null)
        {
            // The plan comes without its actions: reading them all to show one would cost the plan's size.
            var stored = await Store.GetAsync<WatcherAction>(PlanActions, actionUuid, ct) ?? throw new NotFoundException("Action", actionUuid);
            return (plan, stored.Value);
        }

        var action = plan.FindAction(actionUuid) ?? throw new NotFoundException("Action", actionUuid);
        return (plan, action);
    }

    /// <summary>
    /// The plan document an action belongs to (deleted plans too; without its actions when they are stored apart), found
    /// through the action index: two reads, whatever the plan's size.
    /// </summary>
    /// <exception cref="NotFoundException">No action has this uuid.</exception>
    public async Task<ActionPlan> GetPlanOfActionAsync(string actionUuid, CancellationToken ct = default)
    {
        var entry = await Store.GetAsync<ActionIndexEntry>(ActionIndex, actionUuid, ct) ?? throw new NotFoundException("Action", actionUuid);
        return (await Store.GetAsync<ActionPlan>(ActionPlans, entry.Value.ActionPlanUuid, ct) ?? throw new NotFoundException("Action", actionUuid)).Value;
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

    /// <summary>
    /// As <see cref="JournalOnceAsync(string, JournalEntry, CancellationToken)"/> for many entries, reading the journal
    /// once for all of them rather than once each.
    /// </summary>
    public Task JournalOnceAsync(string planUuid, IReadOnlyCollection<JournalEntry> entries, CancellationToken ct = default) =>
        JournalOnceSinceAsync(planUuid, entries, [], ct);

    /// <summary>
    /// As <see cref="JournalOnceAsync(string, IReadOnlyCollection{JournalEntry}, CancellationToken)"/>, but an entry
    /// counts as already written only when the same event for the same action comes after the journal's last entry
    /// whose event is one of <paramref name="scopeStarts"/>: for lines a plan may journal again in a later phase (each
    /// rollback journals its own <c>rollback_finished</c>, after its own <c>rollback_started</c>).
    /// </summary>
    public async Task JournalOnceSinceAsync(string planUuid, IReadOnlyCollection<JournalEntry> entries, IReadOnlyCollection<string> scopeStarts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(scopeStarts);
        if (entries.Count == 0)
        {
            return;
        }

        var journal = await ReadJournalAsync(planUuid, ct);
        var start = 0;
        for (var i = journal.Count - 1; i >= 0; i--)
        {
            if (scopeStarts.Contains(journal[i].Event))
            {
                start = i + 1;
                break;
            }
        }

        var written = journal.Skip(start).Select(e => (e.Event, e.ActionUuid)).ToHashSet();
        foreach (var entry in entries)
        {
            if (written.Add((entry.Event, entry.ActionUuid)))
            {
                await JournalAsync(planUuid, entry, ct);
            }
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

    private static string PageId(string planUuid, int page) => $"{planUuid}.{page:D6}";

    private static ParallelOptions Options(CancellationToken ct) => new() { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct };

    private async Task CreateOnceAsync<T>(string collection, string id, T document, CancellationToken ct)
    {
        try
        {
            await Store.CreateAsync(collection, id, document, ct);
        }
        catch (ConcurrencyConflictException)
        {
            // Written by an earlier attempt of the same (idempotent) activity.
        }
    }

    private async Task<IReadOnlyList<Versioned<WatcherAction>>> LoadPageAsync(ActionPlan plan, int page, CancellationToken ct)
    {
        var uuids = (await Store.GetAsync<ActionPage>(ActionPages, PageId(plan.Uuid, page), ct))?.Value.ActionUuids
            ?? throw new NotFoundException("ActionPage", PageId(plan.Uuid, page));
        var found = new Versioned<WatcherAction>[uuids.Count];
        await Parallel.ForEachAsync(uuids.Select((uuid, i) => (uuid, i)), Options(ct), async (x, token) =>
            found[x.i] = await Store.GetAsync<WatcherAction>(PlanActions, x.uuid, token) ?? throw new NotFoundException("Action", x.uuid));
        return found;
    }

    private async Task<IReadOnlyList<Versioned<WatcherAction>>> LoadActionsAsync(ActionPlan plan, CancellationToken ct)
    {
        var pages = new IReadOnlyList<Versioned<WatcherAction>>[PageCount(plan)];
        for (var page = 0; page < pages.Length; page++)
        {
            pages[page] = await LoadPageAsync(plan, page, ct);
        }

        return [.. pages.SelectMany(p => p)];
    }
}
