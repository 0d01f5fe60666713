using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Watcher.Orchestrations;
using Watcher.Orchestrations.Contracts;
using Watcher.Orchestrations.Orchestrators;

namespace Watcher.Functions;

/// <summary>Orchestration triggers: one per entry of <see cref="WatcherTaskRegistration.Orchestrators"/>, each running the shared orchestrator class.</summary>
public static class OrchestratorFunctions
{
    [Function(TaskNames.AuditOrchestrator)]
    public static Task<PlanSummary?> AuditOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new AuditOrchestrator().RunAsync(context, context.GetInput<AuditRunInput>()!);

    [Function(TaskNames.ActionPlanOrchestrator)]
    public static Task<PlanOutcome> ActionPlanOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ActionPlanOrchestrator().RunAsync(context, context.GetInput<PlanRunInput>()!);

    [Function(TaskNames.RollbackOrchestrator)]
    public static Task<PlanOutcome> RollbackOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RollbackOrchestrator().RunAsync(context, context.GetInput<RollbackInput>()!);
}
