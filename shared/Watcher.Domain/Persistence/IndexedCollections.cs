using Watcher.Domain.Json;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;

namespace Watcher.Domain.Persistence;

/// <summary>
/// The collections the document index covers (audits, action plans, audit templates) and their filter fields, named as
/// in the API (snake_case). Other collections pass through <see cref="IndexedDocumentStore"/> unindexed.
/// </summary>
public static class IndexedCollections
{
    public static IndexedCollection Audits { get; } = new(
        WatcherRepository.Audits,
        typeof(Audit),
        ["name", "state", "audit_type", "goal_name", "goal_uuid", "strategy_name", "strategy_uuid", "audit_template_uuid"],
        o =>
        {
            var a = (Audit)o;
            return new IndexProjection(
                a.Uuid,
                a.CreatedAt,
                a.State == AuditState.Deleted,
                Fields(("name", a.Name), ("state", StateMachine<AuditState>.Name(a.State)), ("audit_type", a.AuditType.ToString().ToUpperInvariant()),
                    ("goal_name", a.GoalName), ("goal_uuid", a.GoalUuid), ("strategy_name", a.StrategyName), ("strategy_uuid", a.StrategyUuid),
                    ("audit_template_uuid", a.AuditTemplateUuid)),
                IndexedCollection.Bounded(WatcherJson.Serialize(a)),
                a.AuditType == AuditType.Continuous && a.State is AuditState.Pending or AuditState.Ongoing ? a.NextRunTime : null);
        });

    public static IndexedCollection ActionPlans { get; } = new(
        WatcherRepository.ActionPlans,
        typeof(ActionPlan),
        ["audit_uuid", "state", "strategy_name", "strategy_uuid"],
        o =>
        {
            var p = (ActionPlan)o;
            return new IndexProjection(
                p.Uuid,
                p.CreatedAt,
                p.State == ActionPlanState.Deleted,
                Fields(("audit_uuid", p.AuditUuid), ("state", StateMachine<ActionPlanState>.Name(p.State)), ("strategy_name", p.StrategyName), ("strategy_uuid", p.StrategyUuid)),
                // The list view never shows actions; a plan's summary leaves them out, and says how many there are.
                IndexedCollection.Bounded(WatcherJson.Serialize(p with { Actions = [], ListedActionCount = p.StoredActionCount ?? p.Actions.Count })));
        });

    public static IndexedCollection AuditTemplates { get; } = new(
        WatcherRepository.AuditTemplates,
        typeof(AuditTemplate),
        ["name", "goal_name", "goal_uuid", "strategy_name", "strategy_uuid"],
        o =>
        {
            var t = (AuditTemplate)o;
            return new IndexProjection(
                t.Uuid,
                t.CreatedAt,
                t.DeletedAt is not null,
                Fields(("name", t.Name), ("goal_name", t.GoalName), ("goal_uuid", t.GoalUuid), ("strategy_name", t.StrategyName), ("strategy_uuid", t.StrategyUuid)),
                IndexedCollection.Bounded(WatcherJson.Serialize(t)));
        });

    public static IReadOnlyList<IndexedCollection> All { get; } = [Audits, ActionPlans, AuditTemplates];

    /// <summary>The descriptor of an indexed collection, or null.</summary>
    public static IndexedCollection? Find(string collection) => All.FirstOrDefault(c => c.Name == collection);

    private static Dictionary<string, string> Fields(params (string Name, string? Value)[] fields) =>
        fields.Where(f => f.Value is not null).ToDictionary(f => f.Name, f => f.Value!, StringComparer.Ordinal);
}
