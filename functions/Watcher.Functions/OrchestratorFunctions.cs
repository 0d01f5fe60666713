using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Watcher.Orchestrations.Contracts;
using Watcher.Orchestrations.Orchestrators;

namespace Watcher.Functions;

/// <summary>Orchestration triggers: one per orchestrator class, named by its <c>Name</c> constant, each running that class.</summary>
public static class OrchestratorFunctions
{
    [Function(AuditOrchestrator.Name)]
    public static Task<PlanSummary?> RunAuditOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new AuditOrchestrator().RunAsync(context, context.GetInput<AuditRunInput>()!);

    [Function(ActionPlanOrchestrator.Name)]
    public static Task<PlanOutcome> RunActionPlanOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ActionPlanOrchestrator().RunAsync(context, context.GetInput<PlanRunInput>()!);

    [Function(RollbackOrchestrator.Name)]
    public static Task<PlanOutcome> RunRollbackOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RollbackOrchestrator().RunAsync(context, context.GetInput<RollbackInput>()!);
}
