using Microsoft.Extensions.Logging;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Metrics;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities;

/// <summary>
/// The activity bodies. Each is idempotent: Durable runs activities at least once, so a replay after a crash
/// must find the work done and not repeat it. Every state change is persisted before the activity returns.
/// </summary>
public sealed class WatcherActivities(
    WatcherRepository repository,
    ICloud cloud,
    IMetricsSource metricsSource,
    StrategyRegistry strategies,
    ActionRegistry actions,
    PlannerRegistry planners,
    TimeProvider time,
    ILogger<WatcherActivities> logger)
{
    private DateTimeOffset Now => time.GetUtcNow();

    public async Task<string> StartAuditRun(AuditRunInput input)
    {
        var audit = await repository.UpdateAuditAsync(input.AuditUuid, a =>
        {
            if (a.State is AuditState.Cancelled or AuditState.Suspended or AuditState.Deleted)
            {
                throw new ConflictException($"Audit {a.Uuid} is {StateMachine<AuditState>.Name(a.State)} and does not run.");
            }

            // EVENT audits run again from SUCCEEDED each time their webhook fires.
            if (!(a.AuditType == AuditType.Event && a.State == AuditState.Succeeded))
            {
                Transitions.Audit.EnsureCanTransition(a.State, AuditState.Ongoing);
            }

            return a with { State = AuditState.Ongoing, Hostname = Environment.MachineName, UpdatedAt = Now };
        });
        logger.LogInformation("Audit {Audit} run {Run} started with strategy {Strategy}", audit.Uuid, input.Run, audit.StrategyName);
        return audit.StrategyName;
    }

    public async Task<SnapshotRef> CollectClusterModel(AuditRunInput input)
    {
        var id = $"{input.AuditUuid}-{input.PlanUuid}";
        var existing = await repository.Store.GetAsync<ClusterModel>(WatcherRepository.Snapshots, id);
        var cluster = existing?.Value;
        if (cluster is null)
        {
            cluster = await cloud.GetClusterAsync();
            try
            {
                await repository.Store.CreateAsync(WatcherRepository.Snapshots, id, cluster);
            }
            catch (ConcurrencyConflictException)
            {
                cluster = (await repository.Store.GetAsync<ClusterModel>(WatcherRepository.Snapshots, id))!.Value;
            }
        }

        return new SnapshotRef(id, cluster.Hosts.Count, cluster.Instances.Count);
    }

    /// <summary>
    /// Queries the metric history the strategy needs over the audit's <c>period</c> (seconds, default 3600) at its
    /// <c>granularity</c> (default 300 s), aggregates it with its <c>aggregation_method</c> (default mean) and stores it.
    /// </summary>
    public async Task<MetricsRef> CollectMetrics(AuditRunInput input)
    {
        var id = $"{input.AuditUuid}-{input.PlanUuid}";
        var existing = await repository.Store.GetAsync<MetricsSnapshot>(WatcherRepository.Metrics, id);
        var metrics = existing?.Value;
        if (metrics is null)
        {
            var audit = await repository.GetAuditAsync(input.AuditUuid);
            var strategy = strategies.Find(audit.StrategyName) ?? throw new ValidationException($"Strategy '{audit.StrategyName}' is not available.");
            var cluster = (await repository.Store.GetAsync<ClusterModel>(WatcherRepository.Snapshots, id)
                ?? throw new InvalidOperationException("The cluster snapshot of this audit run is missing.")).Value;
            var period = TimeSpan.FromSeconds(Number(audit, "period", 3600));
            var step = TimeSpan.FromSeconds(Math.Max(1, Number(audit, "granularity", 300)));
            metrics = await MetricsCollector.CollectAsync(metricsSource, cluster, strategy.RequiredMetrics, Now, period, step, Aggregation(audit));
            try
            {
                await repository.Store.CreateAsync(WatcherRepository.Metrics, id, metrics);
            }
            catch (ConcurrencyConflictException)
            {
                metrics = (await repository.Store.GetAsync<MetricsSnapshot>(WatcherRepository.Metrics, id))!.Value;
            }
        }

        return new MetricsRef(id, metrics.Hosts.Count, metrics.Instances.Count, metrics.Source);
    }

    public async Task<PlanSummary> ComputeActionPlan(AuditRunInput input)
    {
        var audit = await repository.GetAuditAsync(input.AuditUuid);
        var existing = await repository.Store.GetAsync<ActionPlan>(WatcherRepository.ActionPlans, input.PlanUuid);
        if (existing is not null)
        {
            return Summary(existing.Value, audit);
        }

        var strategy = strategies.Find(audit.StrategyName) ?? throw new ValidationException($"Strategy '{audit.StrategyName}' is not available.");
        var snapshot = await repository.Store.GetAsync<ClusterModel>(WatcherRepository.Snapshots, $"{input.AuditUuid}-{input.PlanUuid}")
            ?? throw new InvalidOperationException("The cluster snapshot of this audit run is missing.");
        var parameters = strategy.Parameters.Resolve(audit.Parameters, strategy.Name);
        var collected = await repository.Store.GetAsync<MetricsSnapshot>(WatcherRepository.Metrics, $"{input.AuditUuid}-{input.PlanUuid}");
        var metricsView = collected is null ? null : new SnapshotMetricsView(collected.Value, snapshot.Value);
        var context = new StrategyContext(snapshot.Value, parameters, ScopeParser.Parse(audit.Scope), metricsView);
        var result = strategy.Execute(context);
        var violations = PlanVerifier.Verify(snapshot.Value, result.Actions, actions.Catalog);
        if (violations.Count > 0)
        {
            // A safety net: a strategy bug must never reach the cloud.
            throw new InvalidOperationException($"Strategy '{strategy.Name}' proposed an unsafe plan: {string.Join("; ", violations.Take(5))}");
        }

        var plan = PlanBuilder.Build(input.PlanUuid, audit, strategy, result, planners.Get(result.Planner).ForCluster(snapshot.Value), Now);
        if (plan.Actions.Count == 0)
        {
            plan = plan with { State = ActionPlanState.Succeeded, StatusMessage = "Nothing to do: the strategy proposed no action." };
        }
        else if (audit.AutoTrigger)
        {
            plan = plan with { State = ActionPlanState.Pending };
        }

        // Older recommendations of this audit are now stale.
        foreach (var old in (await repository.ListPlansAsync()).Where(p => p.AuditUuid == audit.Uuid && p.State == ActionPlanState.Recommended))
        {
            await repository.UpdatePlanAsync(old.Uuid, p => p.State == ActionPlanState.Recommended ? p with { State = ActionPlanState.Superseded, UpdatedAt = Now } : p);
        }

        try
        {
            await repository.CreatePlanAsync(plan);
        }
        catch (ConcurrencyConflictException)
        {
            plan = await repository.GetPlanAsync(input.PlanUuid);
        }

        await repository.JournalAsync(plan.Uuid, new JournalEntry(Now, "plan_created", Detail: $"{plan.Actions.Count} actions by {strategy.Name}"));
        logger.LogInformation("Audit {Audit} produced plan {Plan} with {Count} actions", audit.Uuid, plan.Uuid, plan.Actions.Count);
        return Summary(plan, audit);
    }

    public async Task<string> CompleteAuditRun(AuditRunCompletion input)
    {
        var audit = await repository.UpdateAuditAsync(input.AuditUuid, a =>
        {
            if (a.AuditType == AuditType.Continuous && input.Error is null)
            {
                return a with
                {
                    StatusMessage = null,
                    NextRunTime = ContinuousSchedule.Next(a, Now),
                    UpdatedAt = Now,
                };
            }

            if (a.State != AuditState.Ongoing)
            {
                return a;
            }

            var state = input.Error is null ? AuditState.Succeeded : AuditState.Failed;
            return a with { State = state, StatusMessage = input.Error, UpdatedAt = Now };
        });
        return StateMachine<AuditState>.Name(audit.State);
    }

    public async Task<PlanGraph> BeginPlan(string planUuid)
    {
        var plan = await repository.UpdatePlanAsync(planUuid, p =>
        {
            if (p.State is ActionPlanState.Cancelling or ActionPlanState.Cancelled or ActionPlanState.Ongoing)
            {
                return p;
            }

            Transitions.ActionPlan.EnsureCanTransition(p.State, ActionPlanState.Ongoing);
            return p with { State = ActionPlanState.Ongoing, Hostname = Environment.MachineName, UpdatedAt = Now };
        });
        var cancelled = plan.State is ActionPlanState.Cancelling or ActionPlanState.Cancelled;
        if (!cancelled)
        {
            await repository.JournalAsync(planUuid, new JournalEntry(Now, "plan_started"));
        }

        return new PlanGraph(
            plan.Uuid,
            plan.Actions.Select(a => new PlanGraphNode(a.Uuid, a.ActionType, a.Parents, StateMachine<ActionState>.Name(a.State))).ToList(),
            cancelled);
    }

    public async Task<string> ExecuteAction(ExecuteActionInput input)
    {
        var plan = await repository.GetPlanAsync(input.PlanUuid);
        var action = plan.FindAction(input.ActionUuid) ?? throw new NotFoundException("Action", input.ActionUuid);
        if (action.State == ActionState.Succeeded)
        {
            return "SUCCEEDED";
        }

        var handler = actions.Get(action.ActionType);
        var cluster = await cloud.GetClusterAsync();
        var context = new ActionContext(action, cloud, cluster, CancellationToken.None);
        if (action.State == ActionState.Pending)
        {
            handler.CheckPrecondition(context);
            var revertData = handler.CaptureRevertData(context);
            action = await UpdateActionAsync(input.PlanUuid, action.Uuid, a => a.State == ActionState.Pending
                ? a with { State = ActionState.Ongoing, RevertData = revertData, UpdatedAt = Now }
                : a);
            await repository.JournalAsync(input.PlanUuid, new JournalEntry(Now, "action_started", action.Uuid, action.ActionType));
            context = context with { Action = action };
        }
        else if (action.State != ActionState.Ongoing)
        {
            throw new ActionPreconditionException($"Action {action.Uuid} is {StateMachine<ActionState>.Name(action.State)} and cannot run.");
        }

        if (!handler.IsAlreadyApplied(context))
        {
            await handler.ExecuteAsync(context);
        }

        var after = context with { Cluster = await cloud.GetClusterAsync() };
        handler.CheckPostcondition(after);
        await UpdateActionAsync(input.PlanUuid, action.Uuid, a => a with
        {
            State = ActionState.Succeeded,
            StatusMessage = null,
            CompletionSequence = input.Sequence,
            UpdatedAt = Now,
        });
        await repository.JournalAsync(input.PlanUuid, new JournalEntry(Now, "action_succeeded", action.Uuid, action.ActionType));
        return "SUCCEEDED";
    }

    public async Task<string> RecordActionFailure(ActionFailureInput input)
    {
        await UpdateActionAsync(input.PlanUuid, input.ActionUuid, a => a with { State = ActionState.Failed, StatusMessage = input.Message, UpdatedAt = Now });
        await repository.JournalAsync(input.PlanUuid, new JournalEntry(Now, "action_failed", input.ActionUuid, input.Message));
        return "FAILED";
    }

    public async Task<string> RevertAction(ActionRefInput input)
    {
        var plan = await repository.GetPlanAsync(input.PlanUuid);
        var action = plan.FindAction(input.ActionUuid) ?? throw new NotFoundException("Action", input.ActionUuid);
        if (action.State == ActionState.Reverted)
        {
            return "REVERTED";
        }

        action = await UpdateActionAsync(input.PlanUuid, action.Uuid, a => a with { State = ActionState.Reverting, UpdatedAt = Now });
        try
        {
            var handler = actions.Get(action.ActionType);
            var context = new ActionContext(action, cloud, await cloud.GetClusterAsync(), CancellationToken.None);
            await handler.RevertAsync(context, action.RevertData);
        }
        catch (Exception ex) when (ex is ActionFailedException or ActionPreconditionException)
        {
            await UpdateActionAsync(input.PlanUuid, action.Uuid, a => a with { State = ActionState.RevertFailed, StatusMessage = "Revert failed: " + ex.Message, UpdatedAt = Now });
            await repository.JournalAsync(input.PlanUuid, new JournalEntry(Now, "action_revert_failed", action.Uuid, ex.Message));
            throw;
        }

        await UpdateActionAsync(input.PlanUuid, action.Uuid, a => a with { State = ActionState.Reverted, StatusMessage = null, UpdatedAt = Now });
        await repository.JournalAsync(input.PlanUuid, new JournalEntry(Now, "action_reverted", action.Uuid, action.ActionType));
        return "REVERTED";
    }

    public async Task<string> FinishPlan(PlanCompletion input)
    {
        var target = Enum.Parse<ActionPlanState>(input.State.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true);
        var plan = await repository.UpdatePlanAsync(input.PlanUuid, p =>
        {
            var actionsAfter = p.Actions
                .Select(a => a.State == ActionState.Pending && target != ActionPlanState.Succeeded ? a with { State = ActionState.Cancelled, UpdatedAt = Now } : a)
                .ToList();
            var compensation = target == ActionPlanState.Failed
                ? new ExecutionRecord
                {
                    FailedActionUuid = input.FailedActionUuid,
                    Failure = input.Message,
                    Reverted = input.Reverted,
                    RevertFailed = input.RevertFailed,
                    Outcome = input.RevertFailed.Count == 0 ? "compensated" : "compensation_incomplete",
                    At = Now,
                }
                : p.Compensation;
            if (p.State == target)
            {
                return p;
            }

            Transitions.ActionPlan.EnsureCanTransition(p.State, target);
            return p with { State = target, StatusMessage = input.Message, Actions = actionsAfter, Compensation = compensation, UpdatedAt = Now };
        });
        await repository.JournalAsync(input.PlanUuid, new JournalEntry(Now, "plan_finished", Detail: $"{input.State} {input.Message}".Trim()));
        return StateMachine<ActionPlanState>.Name(plan.State);
    }

    public async Task<IReadOnlyList<string>> BeginRollback(RollbackInput input)
    {
        var plan = await repository.GetPlanAsync(input.PlanUuid);
        await repository.JournalAsync(input.PlanUuid, new JournalEntry(Now, "rollback_started", Detail: input.ActionUuids is null ? "all" : string.Join(",", input.ActionUuids)));
        return RollbackSelection.Select(plan, input.ActionUuids);
    }

    public async Task<string> FinishRollback(RollbackCompletion input)
    {
        var target = input.RevertFailed.Count > 0
            ? ActionPlanState.RollbackFailed
            : input.Partial ? ActionPlanState.PartiallyRolledBack : ActionPlanState.RolledBack;
        var plan = await repository.UpdatePlanAsync(input.PlanUuid, p =>
        {
            if (p.State == target)
            {
                return p;
            }

            Transitions.ActionPlan.EnsureCanTransition(p.State, target);
            return p with
            {
                State = target,
                Rollback = new ExecutionRecord { Reverted = input.Reverted, RevertFailed = input.RevertFailed, Outcome = StateMachine<ActionPlanState>.Name(target), At = Now },
                UpdatedAt = Now,
            };
        });
        await repository.JournalAsync(input.PlanUuid, new JournalEntry(Now, "rollback_finished", Detail: StateMachine<ActionPlanState>.Name(plan.State)));
        return StateMachine<ActionPlanState>.Name(plan.State);
    }

    private static double Number(Audit audit, string name, double fallback) =>
        audit.Parameters[name] is { } node && node.GetValueKind() == System.Text.Json.JsonValueKind.Number ? node.GetValue<double>() : fallback;

    /// <summary>Watcher's aggregation_method is a string or an object per resource kind ({"instance": ..., "compute_node": ...}).</summary>
    private static string Aggregation(Audit audit) => audit.Parameters["aggregation_method"] switch
    {
        System.Text.Json.Nodes.JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
        System.Text.Json.Nodes.JsonObject o when o["instance"] is System.Text.Json.Nodes.JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        _ => "mean",
    };

    private static PlanSummary Summary(ActionPlan plan, Audit audit) =>
        new(plan.Uuid, plan.Actions.Count, StateMachine<ActionPlanState>.Name(plan.State), audit.AutoTrigger);

    private async Task<WatcherAction> UpdateActionAsync(string planUuid, string actionUuid, Func<WatcherAction, WatcherAction> mutate)
    {
        var plan = await repository.UpdatePlanAsync(planUuid, p =>
        {
            var current = p.FindAction(actionUuid) ?? throw new NotFoundException("Action", actionUuid);
            var next = mutate(current);
            if (ReferenceEquals(next, current))
            {
                return p;
            }

            Transitions.Action.EnsureCanTransition(current.State, next.State);
            return p.WithAction(next);
        });
        return plan.FindAction(actionUuid)!;
    }
}
