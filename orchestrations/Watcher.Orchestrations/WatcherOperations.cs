using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Orchestrations.Contracts;
using Watcher.Orchestrations.Orchestrators;

namespace Watcher.Orchestrations;

/// <summary>
/// The application operations behind the API and the timers: validate, persist, then schedule the orchestration.
/// Validation happens before anything is written; if scheduling fails, the state change is undone, so a request
/// either takes full effect or none.
/// </summary>
public sealed class WatcherOperations(WatcherRepository repository, StrategyRegistry strategies, DurableTaskClient client, TimeProvider time)
{
    private DateTimeOffset Now => time.GetUtcNow();

    public WatcherRepository Repository => repository;

    public async Task<AuditTemplate> CreateTemplateAsync(AuditTemplateRequest request, CancellationToken ct = default)
    {
        var name = Require(request.Name, "name");
        var goal = ResolveGoal(Require(request.Goal, "goal"));
        var strategy = request.Strategy is null ? null : ResolveStrategy(request.Strategy, goal);
        var scope = ScopeParser.Normalize(request.Scope);
        _ = ScopeParser.Parse(scope);
        if ((await repository.ListTemplatesAsync(ct)).Any(t => t.Name == name))
        {
            throw new ConflictException($"An audit template named '{name}' already exists.");
        }

        var template = new AuditTemplate
        {
            Uuid = Guid.NewGuid().ToString(),
            Name = name,
            Description = request.Description,
            GoalUuid = goal.Uuid,
            GoalName = goal.Name,
            StrategyUuid = strategy is null ? null : StrategyRegistry.UuidOf(strategy),
            StrategyName = strategy?.Name,
            Scope = scope,
            CreatedAt = Now,
        };
        await repository.CreateTemplateAsync(template, ct);
        return template;
    }

    public async Task<Audit> CreateAuditAsync(AuditRequest request, CancellationToken ct = default)
    {
        if (request.Goal is null == (request.AuditTemplateUuid is null))
        {
            throw new ValidationException("Give exactly one of 'goal' or 'audit_template_uuid'.");
        }

        AuditTemplate? template = null;
        if (request.AuditTemplateUuid is not null)
        {
            template = await FindTemplateAsync(request.AuditTemplateUuid, ct)
                ?? throw new ValidationException($"Audit template '{request.AuditTemplateUuid}' does not exist.");
        }

        var goal = ResolveGoal(request.Goal ?? template!.GoalName);
        var strategyName = request.Strategy ?? template?.StrategyName;
        var strategy = strategyName is null
            ? strategies.ForGoal(goal.Name).FirstOrDefault() ?? throw new ValidationException($"No strategy is available for goal '{goal.Name}'.")
            : ResolveStrategy(strategyName, goal);
        var parameters = strategy.Parameters.Resolve(request.Parameters, strategy.Name);
        switch (request.AuditType)
        {
            case AuditType.Continuous:
                ContinuousSchedule.Validate(request.Interval);
                break;
            case AuditType.Oneshot when request.Interval is not null:
                throw new ValidationException("'interval' is only for CONTINUOUS audits.");
            case AuditType.Oneshot when request.StartTime is not null || request.EndTime is not null:
                throw new ValidationException("'start_time' and 'end_time' are only for CONTINUOUS audits.");
        }

        if (request.StartTime is { } s && request.EndTime is { } e && e <= s)
        {
            throw new ValidationException("'end_time' must be after 'start_time'.");
        }

        var name = request.Name ?? $"{strategy.Name}-{Now:yyyy-MM-ddTHH:mm:ss.ffffff}";
        if (name.Length > 63)
        {
            throw new ValidationException("'name' must be at most 63 characters.");
        }

        var audit = new Audit
        {
            Uuid = Guid.NewGuid().ToString(),
            Name = name,
            AuditType = request.AuditType,
            State = AuditState.Pending,
            GoalUuid = goal.Uuid,
            GoalName = goal.Name,
            StrategyUuid = StrategyRegistry.UuidOf(strategy),
            StrategyName = strategy.Name,
            AuditTemplateUuid = template?.Uuid,
            Parameters = parameters,
            Scope = template is null ? [] : (JsonArray)template.Scope.DeepClone(),
            Interval = request.Interval,
            AutoTrigger = request.AutoTrigger,
            Force = request.Force,
            StartTime = request.StartTime,
            EndTime = request.EndTime,
            NextRunTime = request.AuditType == AuditType.Continuous ? request.StartTime ?? Now : null,
            CreatedAt = Now,
        };
        await repository.CreateAuditAsync(audit, ct);
        if (audit.AuditType == AuditType.Oneshot)
        {
            audit = await repository.UpdateAuditAsync(audit.Uuid, a => a with { RunCount = 1 }, ct);
            try
            {
                await ScheduleAuditRunAsync(audit, 1, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await repository.UpdateAuditAsync(audit.Uuid, a => a with { State = AuditState.Failed, StatusMessage = "Could not schedule the audit: " + ex.Message }, ct);
                throw;
            }
        }

        return audit;
    }

    /// <summary>Starts every continuous audit whose next run is due; called by the timer. Returns how many started.</summary>
    public async Task<int> RunDueContinuousAuditsAsync(CancellationToken ct = default)
    {
        var started = 0;
        foreach (var audit in await repository.ListAuditsAsync(ct))
        {
            if (audit.AuditType != AuditType.Continuous || audit.State is not (AuditState.Pending or AuditState.Ongoing)
                || audit.NextRunTime is not { } due || due > Now)
            {
                continue;
            }

            if (audit.EndTime is { } end && end <= Now)
            {
                await repository.UpdateAuditAsync(audit.Uuid, a => a.State == AuditState.Ongoing ? a with { State = AuditState.Succeeded, UpdatedAt = Now } : a, ct);
                continue;
            }

            // Claim the run with a conditional write so two timers never start the same run.
            var claimed = false;
            var updated = await repository.UpdateAuditAsync(audit.Uuid, a =>
            {
                claimed = a.NextRunTime == due;
                return claimed ? a with { RunCount = a.RunCount + 1, NextRunTime = ContinuousSchedule.Next(a, Now), UpdatedAt = Now } : a;
            }, ct);
            if (claimed)
            {
                await ScheduleAuditRunAsync(updated, updated.RunCount, ct);
                started++;
            }
        }

        return started;
    }

    /// <summary>Runs an EVENT audit once more (Watcher's webhook); allowed from PENDING or SUCCEEDED. Returns the instance id.</summary>
    public async Task<string> TriggerEventAuditAsync(string uuid, CancellationToken ct = default)
    {
        var audit = await repository.UpdateAuditAsync(uuid, a =>
        {
            if (a.AuditType != AuditType.Event)
            {
                throw new ConflictException($"Audit {a.Uuid} is {a.AuditType.ToString().ToUpperInvariant()}; only EVENT audits are triggered by webhook.");
            }

            if (a.State is not (AuditState.Pending or AuditState.Succeeded))
            {
                throw new ConflictException($"Audit {a.Uuid} is {StateMachine<AuditState>.Name(a.State)}; it can be triggered when PENDING or SUCCEEDED.");
            }

            return a with { RunCount = a.RunCount + 1, UpdatedAt = Now };
        }, ct);
        await ScheduleAuditRunAsync(audit, audit.RunCount, ct);
        return TaskNames.AuditInstanceId(audit.Uuid, audit.RunCount);
    }

    public async Task<Audit> ChangeAuditStateAsync(string uuid, AuditState target, CancellationToken ct = default)
    {
        if (target is not (AuditState.Cancelled or AuditState.Suspended or AuditState.Ongoing))
        {
            throw new ValidationException($"An audit's state can be set to CANCELLED, SUSPENDED or ONGOING, not {StateMachine<AuditState>.Name(target)}.");
        }

        return await repository.UpdateAuditAsync(uuid, a =>
        {
            if (!Transitions.Audit.CanTransition(a.State, target) || (target == AuditState.Ongoing && a.State != AuditState.Suspended))
            {
                throw new ConflictException($"State transition not allowed: ({StateMachine<AuditState>.Name(a.State)} -> {StateMachine<AuditState>.Name(target)}).");
            }

            return a with { State = target, UpdatedAt = Now };
        }, ct);
    }

    /// <summary>Soft-deletes a finished audit (Watcher: FAILED, SUCCEEDED, CANCELLED or SUSPENDED).</summary>
    public Task<Audit> DeleteAuditAsync(string uuid, CancellationToken ct = default) =>
        repository.UpdateAuditAsync(uuid, a =>
        {
            if (a.State is not (AuditState.Failed or AuditState.Succeeded or AuditState.Cancelled or AuditState.Suspended))
            {
                throw new ConflictException($"Couldn't delete when state is '{StateMachine<AuditState>.Name(a.State)}'.");
            }

            return a with { State = AuditState.Deleted, UpdatedAt = Now };
        }, ct);

    /// <summary>Soft-deletes a plan that is not running, with its actions.</summary>
    public Task<ActionPlan> DeletePlanAsync(string uuid, CancellationToken ct = default) =>
        repository.UpdatePlanAsync(uuid, p =>
        {
            if (!p.CanMoveTo(ActionPlanState.Deleted))
            {
                throw new ConflictException($"Couldn't delete when state is '{StateMachine<ActionPlanState>.Name(p.State)}'.");
            }

            return p.Delete(Now);
        }, ct);

    public Task<AuditTemplate> DeleteTemplateAsync(string uuid, CancellationToken ct = default) =>
        repository.UpdateTemplateAsync(uuid, t => t.DeletedAt is null ? t with { DeletedAt = Now } : throw new NotFoundException("AuditTemplate", uuid), ct);

    public async Task<ActionPlan> StartPlanAsync(string uuid, CancellationToken ct = default)
    {
        var plan = await repository.UpdatePlanAsync(uuid, p =>
        {
            if (p.State != ActionPlanState.Recommended)
            {
                throw new ConflictException($"Couldn't start when state is '{StateMachine<ActionPlanState>.Name(p.State)}'.");
            }

            return p.Approve(Now);
        }, ct);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                ActionPlanOrchestrator.Name, new PlanRunInput(uuid), new StartOrchestrationOptions(TaskNames.PlanInstanceId(uuid)), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await repository.UpdatePlanAsync(uuid, p => p.UndoApprove(), CancellationToken.None);
            throw;
        }

        return plan;
    }

    public async Task<ActionPlan> CancelPlanAsync(string uuid, CancellationToken ct = default)
    {
        var before = await repository.GetPlanAsync(uuid, ct);
        var plan = await repository.UpdatePlanAsync(uuid, p => p.State is ActionPlanState.Recommended or ActionPlanState.Pending or ActionPlanState.Ongoing or ActionPlanState.Cancelling
            ? p.RequestCancel(Now)
            : throw new ConflictException($"Couldn't cancel when state is '{StateMachine<ActionPlanState>.Name(p.State)}'."), ct);
        if (before.State is ActionPlanState.Pending or ActionPlanState.Ongoing or ActionPlanState.Cancelling)
        {
            await client.RaiseEventAsync(TaskNames.PlanInstanceId(uuid), TaskNames.CancelEvent, "cancel", ct);
        }

        return plan;
    }

    public async Task<(ActionPlan Plan, string InstanceId)> RollbackPlanAsync(string uuid, IReadOnlyList<string>? actionUuids, CancellationToken ct = default)
    {
        var current = await repository.GetPlanAsync(uuid, ct);
        if (!current.CanMoveTo(ActionPlanState.RollingBack))
        {
            throw new ConflictException($"Couldn't roll back when state is '{StateMachine<ActionPlanState>.Name(current.State)}'; a plan can be rolled back once it has SUCCEEDED, FAILED or been CANCELLED (or after a partial or failed rollback).");
        }

        if (RollbackSelection.Select(current, actionUuids).Count == 0)
        {
            throw new ConflictException("Nothing to roll back: no action of this plan has succeeded.");
        }

        var number = 0;
        var plan = await repository.UpdatePlanAsync(uuid, p =>
        {
            if (!p.CanMoveTo(ActionPlanState.RollingBack))
            {
                throw new ConflictException($"Couldn't roll back when state is '{StateMachine<ActionPlanState>.Name(p.State)}'.");
            }

            var next = p.BeginRollback(Now);
            number = next.RollbackCount;
            return next;
        }, ct);
        var instanceId = TaskNames.RollbackInstanceId(uuid, number);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                RollbackOrchestrator.Name, new RollbackInput(uuid, actionUuids, number), new StartOrchestrationOptions(instanceId), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await repository.UpdatePlanAsync(uuid, p => p.UndoBeginRollback(current), CancellationToken.None);
            throw;
        }

        return (plan, instanceId);
    }

    public async Task<OrchestrationMetadata?> GetOrchestrationAsync(string instanceId, CancellationToken ct = default) =>
        await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct);

    private async Task ScheduleAuditRunAsync(Audit audit, int run, CancellationToken ct)
    {
        var planUuid = DeterministicGuid.Create($"plan:{audit.Uuid}:{run}").ToString();
        await client.ScheduleNewOrchestrationInstanceAsync(
            AuditOrchestrator.Name,
            new AuditRunInput(audit.Uuid, planUuid, run),
            new StartOrchestrationOptions(TaskNames.AuditInstanceId(audit.Uuid, run)),
            ct);
    }

    private async Task<AuditTemplate?> FindTemplateAsync(string uuidOrName, CancellationToken ct) =>
        (await repository.Store.GetAsync<AuditTemplate>(WatcherRepository.AuditTemplates, uuidOrName, ct))?.Value
        ?? (await repository.ListTemplatesAsync(ct)).FirstOrDefault(t => t.Name == uuidOrName);

    private static Goal ResolveGoal(string nameOrUuid) =>
        GoalCatalog.Find(nameOrUuid) ?? throw new ValidationException($"Goal '{nameOrUuid}' does not exist. Known goals: {string.Join(", ", GoalCatalog.All.Select(g => g.Name))}.");

    private IStrategy ResolveStrategy(string nameOrUuid, Goal goal)
    {
        var strategy = strategies.Find(nameOrUuid) ?? throw new ValidationException($"Strategy '{nameOrUuid}' does not exist.");
        if (strategy.GoalName != goal.Name)
        {
            throw new ValidationException($"Strategy '{strategy.Name}' serves goal '{strategy.GoalName}', not '{goal.Name}'.");
        }

        return strategy;
    }

    private static string Require(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new ValidationException($"'{field}' is required.") : value;

    /// <summary>
    /// Replaces an audit template's editable fields with <paramref name="desired"/> (the API's PATCH applied to the
    /// current values), validated as on create: name unique, goal known, strategy serving the goal, scope well formed.
    /// </summary>
    public async Task<AuditTemplate> UpdateTemplateAsync(string uuid, AuditTemplateRequest desired, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var name = Require(desired.Name, "name");
        var goal = ResolveGoal(Require(desired.Goal, "goal"));
        var strategy = desired.Strategy is null ? null : ResolveStrategy(desired.Strategy, goal);
        var scope = ScopeParser.Normalize(desired.Scope);
        _ = ScopeParser.Parse(scope);
        if ((await repository.ListTemplatesAsync(ct)).Any(t => t.Name == name && t.Uuid != uuid))
        {
            throw new ConflictException($"An audit template named '{name}' already exists.");
        }

        return await repository.UpdateTemplateAsync(uuid, t => t with
        {
            Name = name,
            Description = desired.Description,
            GoalUuid = goal.Uuid,
            GoalName = goal.Name,
            StrategyUuid = strategy is null ? null : StrategyRegistry.UuidOf(strategy),
            StrategyName = strategy?.Name,
            Scope = scope,
            UpdatedAt = Now,
        }, ct);
    }

    /// <summary>
    /// Replaces an audit's editable fields (name, interval, parameters, auto_trigger, start and end time) with
    /// <paramref name="desired"/>, validated as on create; the audit's type, goal and strategy stay.
    /// </summary>
    public async Task<Audit> UpdateAuditAsync(string uuid, AuditRequest desired, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var current = await repository.GetAuditAsync(uuid, ct);
        var strategy = strategies.Find(current.StrategyName) ?? throw new ValidationException($"Strategy '{current.StrategyName}' does not exist.");
        var parameters = strategy.Parameters.Resolve(desired.Parameters, strategy.Name);
        var name = Require(desired.Name, "name");
        if (name.Length > 63)
        {
            throw new ValidationException("'name' must be at most 63 characters.");
        }

        if (current.AuditType == AuditType.Continuous)
        {
            ContinuousSchedule.Validate(desired.Interval);
        }
        else if (desired.Interval is not null)
        {
            throw new ValidationException("'interval' is only for CONTINUOUS audits.");
        }
        else if (desired.StartTime is not null || desired.EndTime is not null)
        {
            throw new ValidationException("'start_time' and 'end_time' are only for CONTINUOUS audits.");
        }

        if (desired.StartTime is { } s && desired.EndTime is { } e && e <= s)
        {
            throw new ValidationException("'end_time' must be after 'start_time'.");
        }

        return await repository.UpdateAuditAsync(uuid, a =>
        {
            var updated = a with
            {
                Name = name,
                Parameters = parameters,
                Interval = desired.Interval,
                AutoTrigger = desired.AutoTrigger,
                StartTime = desired.StartTime,
                EndTime = desired.EndTime,
                UpdatedAt = Now,
            };
            var rescheduled = a.AuditType == AuditType.Continuous && (a.Interval != desired.Interval || a.StartTime != desired.StartTime) && a.NextRunTime is not null;
            return rescheduled ? updated with { NextRunTime = desired.StartTime is { } start && start > Now ? start : ContinuousSchedule.Next(updated, Now) } : updated;
        }, ct);
    }

    /// <summary>
    /// Watcher 1.5: marks a PENDING action SKIPPED with a reason (or changes the reason of a SKIPPED one) while its plan
    /// has not started (RECOMMENDED or PENDING); the plan's execution then passes over it.
    /// </summary>
    public async Task<WatcherAction> SkipActionAsync(string actionUuid, string? reason, CancellationToken ct = default)
    {
        var (plan, _) = await repository.GetActionAsync(actionUuid, ct);
        var updated = await repository.UpdatePlanAsync(plan.Uuid, p =>
        {
            if (p.State is not (ActionPlanState.Recommended or ActionPlanState.Pending))
            {
                throw new ConflictException($"Action {actionUuid} can be skipped only while its action plan is RECOMMENDED or PENDING; the plan is {StateMachine<ActionPlanState>.Name(p.State)}.");
            }

            var action = p.Actions.Single(a => a.Uuid == actionUuid);
            if (action.State != ActionState.Skipped && !Transitions.Action.CanTransition(action.State, ActionState.Skipped))
            {
                throw new ConflictException($"State transition not allowed: ({StateMachine<ActionState>.Name(action.State)} -> {StateMachine<ActionState>.Name(ActionState.Skipped)}).");
            }

            return p with
            {
                Actions = p.Actions.Select(a => a.Uuid == actionUuid ? a with { State = ActionState.Skipped, StatusMessage = reason, UpdatedAt = Now } : a).ToList(),
                UpdatedAt = Now,
            };
        }, ct);
        return updated.Actions.Single(a => a.Uuid == actionUuid);
    }
}
