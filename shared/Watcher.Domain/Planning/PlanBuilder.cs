using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Planning;

/// <summary>Turns a strategy result and a planner into an <see cref="ActionPlan"/> with stable action uuids.</summary>
public static class PlanBuilder
{
    public static ActionPlan Build(string planUuid, Audit audit, IStrategy strategy, StrategyResult result, IPlanner planner, DateTimeOffset now)
    {
        var planned = planner.Plan(result.Actions);
        var uuids = planned.Select((_, i) => DeterministicGuid.Create($"action:{planUuid}:{i}").ToString()).ToList();
        var actions = planned.Select((p, i) => new WatcherAction
        {
            Uuid = uuids[i],
            ActionPlanUuid = planUuid,
            ActionType = p.Action.ActionType,
            InputParameters = (System.Text.Json.Nodes.JsonObject)p.Action.InputParameters.DeepClone(),
            State = ActionState.Pending,
            Parents = p.Parents.Select(j => uuids[j]).ToList(),
            CreatedAt = now,
        }).ToList();
        return new ActionPlan
        {
            Uuid = planUuid,
            AuditUuid = audit.Uuid,
            StrategyUuid = StrategyRegistry.UuidOf(strategy),
            StrategyName = strategy.Name,
            State = ActionPlanState.Recommended,
            EfficacyIndicators = result.EfficacyIndicators,
            GlobalEfficacy = result.GlobalEfficacy,
            Warnings = result.Warnings,
            ProjectedProfiles = result.ProjectedProfiles,
            Actions = actions,
            MaintainedHost = result.MaintainedHost,
            ExecutionPolicy = audit.ExecutionPolicy ?? Execution.ExecutionPolicy.Default,
            CreatedAt = now,
        };
    }
}
