using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Orchestrations.Activities;
using Watcher.Orchestrations.Contracts;
using Watcher.Orchestrations.Orchestrators;

namespace Watcher.Orchestrations;

/// <summary>Registers every orchestrator and activity under its <see cref="TaskNames"/> name (the local host's equivalent of the Functions triggers).</summary>
public static class WatcherTaskRegistration
{
    /// <summary>Orchestrator names and types, in one place for every host.</summary>
    public static IReadOnlyDictionary<string, Type> Orchestrators { get; } = new Dictionary<string, Type>
    {
        [TaskNames.AuditOrchestrator] = typeof(AuditOrchestrator),
        [TaskNames.ActionPlanOrchestrator] = typeof(ActionPlanOrchestrator),
        [TaskNames.RollbackOrchestrator] = typeof(RollbackOrchestrator),
    };

    /// <summary>Activity names and their bodies on <see cref="WatcherActivities"/>.</summary>
    public static IReadOnlyList<string> ActivityNames { get; } =
    [
        TaskNames.StartAuditRun, TaskNames.CollectClusterModel, TaskNames.CollectMetrics, TaskNames.ComputeActionPlan, TaskNames.CompleteAuditRun,
        TaskNames.BeginPlan, TaskNames.ExecuteAction, TaskNames.RecordActionFailure, TaskNames.RevertAction,
        TaskNames.FinishPlan, TaskNames.BeginRollback, TaskNames.FinishRollback,
    ];

    public static DurableTaskRegistry AddWatcherTasks(this DurableTaskRegistry registry)
    {
        foreach (var (name, type) in Orchestrators)
        {
            registry.AddOrchestrator(name, type);
        }

        Add<AuditRunInput, string>(registry, TaskNames.StartAuditRun, (a, i) => a.StartAuditRun(i));
        Add<AuditRunInput, SnapshotRef>(registry, TaskNames.CollectClusterModel, (a, i) => a.CollectClusterModel(i));
        Add<AuditRunInput, MetricsRef>(registry, TaskNames.CollectMetrics, (a, i) => a.CollectMetrics(i));
        Add<AuditRunInput, PlanSummary>(registry, TaskNames.ComputeActionPlan, (a, i) => a.ComputeActionPlan(i));
        Add<AuditRunCompletion, string>(registry, TaskNames.CompleteAuditRun, (a, i) => a.CompleteAuditRun(i));
        Add<string, PlanGraph>(registry, TaskNames.BeginPlan, (a, i) => a.BeginPlan(i));
        Add<ExecuteActionInput, string>(registry, TaskNames.ExecuteAction, (a, i) => a.ExecuteAction(i));
        Add<ActionFailureInput, string>(registry, TaskNames.RecordActionFailure, (a, i) => a.RecordActionFailure(i));
        Add<ActionRefInput, string>(registry, TaskNames.RevertAction, (a, i) => a.RevertAction(i));
        Add<PlanCompletion, string>(registry, TaskNames.FinishPlan, (a, i) => a.FinishPlan(i));
        Add<RollbackInput, IReadOnlyList<string>>(registry, TaskNames.BeginRollback, (a, i) => a.BeginRollback(i));
        Add<RollbackCompletion, string>(registry, TaskNames.FinishRollback, (a, i) => a.FinishRollback(i));
        return registry;
    }

    private static void Add<TIn, TOut>(DurableTaskRegistry registry, string name, Func<WatcherActivities, TIn, Task<TOut>> body) =>
        registry.AddActivity(name, sp => new DelegateActivity<TIn, TOut>(input => body(sp.GetRequiredService<WatcherActivities>(), input)));
}
