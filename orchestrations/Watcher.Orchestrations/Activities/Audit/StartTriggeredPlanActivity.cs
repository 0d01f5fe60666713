using Microsoft.DurableTask;
using Watcher.Application.Ports;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Audit;

/// <summary>
/// Starts an auto-triggered plan's orchestration on its own instance id (<see cref="TaskNames.PlanInstanceId"/>), once:
/// when that instance already exists (a retried or replayed call) it is left alone. The audit orchestration used to run
/// the plan as a sub-orchestration; on the local host's engine that history event was stored without its EventType, so
/// the audit's orchestration could never be replayed and stayed Running for ever. A plan also outlives its audit this way.
/// </summary>
public sealed class StartTriggeredPlanActivity(IWorkflowEngine workflows) : TaskActivity<PlanRunInput, string>
{
    public const string Name = "StartTriggeredPlan";

    public override async Task<string> RunAsync(TaskActivityContext context, PlanRunInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var instanceId = TaskNames.PlanInstanceId(input.PlanUuid);
        if (await workflows.GetStatusAsync(instanceId) is null)
        {
            await workflows.StartPlanAsync(input.PlanUuid);
        }

        return instanceId;
    }
}
