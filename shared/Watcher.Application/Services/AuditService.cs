using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Watcher.Application.Ports;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Application.Requests;
using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Domain.Strategies;

namespace Watcher.Application.Services;

/// <summary>
/// Audits: create (and schedule a one-shot's run), update, change state, soft-delete, webhook triggers and the
/// continuous-audit timer. Validation happens before anything is written; if scheduling fails, the write is undone
/// or the audit is marked FAILED with the reason, so a request takes full effect or none. A crash between the write
/// and the scheduling leaves a run the <see cref="Reconciler"/> schedules (the record is its own outbox entry).
/// </summary>
public sealed class AuditService(WatcherRepository repository, StrategyRegistry strategies, IWorkflowEngine engine, TimeProvider time)
{
    private const int MaxNameLength = 63;
    private readonly CatalogLookup _lookup = new(repository, strategies);
    private readonly ICloud? _cloud;
    private readonly ILogger _logger = NullLogger.Instance;

    /// <summary>
    /// As composed by a host: the cloud when one is registered, so parameters that name its resources (the actuator's
    /// actions) are checked on create, and a logger for the continuous-audit timer. Both optional, hence looked up.
    /// </summary>
    public AuditService(WatcherRepository repository, StrategyRegistry strategies, IWorkflowEngine engine, TimeProvider time, IServiceProvider services)
        : this(repository, strategies, engine, time)
    {
        ArgumentNullException.ThrowIfNull(services);
        _cloud = services.GetService<ICloud>();
        _logger = services.GetService<ILogger<AuditService>>() ?? (ILogger)NullLogger.Instance;
    }

    private DateTimeOffset Now => time.GetUtcNow();

    public async Task<Audit> CreateAsync(AuditRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Goal is null == (request.AuditTemplateUuid is null))
        {
            throw new ValidationException("Give exactly one of 'goal' or 'audit_template_uuid'.");
        }

        AuditTemplate? template = null;
        if (request.AuditTemplateUuid is not null)
        {
            template = await _lookup.FindTemplateAsync(request.AuditTemplateUuid, ct)
                ?? throw new ValidationException($"Audit template '{request.AuditTemplateUuid}' does not exist.");
        }

        var goal = CatalogLookup.Goal(request.Goal ?? template!.GoalName);
        var strategyName = request.Strategy ?? template?.StrategyName;
        var strategy = strategyName is null ? _lookup.DefaultStrategy(goal) : _lookup.Strategy(strategyName, goal);
        var parameters = strategy.Parameters.Resolve(WithTemplateDefaults(template, strategy, request.Parameters), strategy.Name);
        await CheckParametersAsync(strategy, parameters, ct);
        ValidateSchedule(request.AuditType, request.Interval, request.StartTime, request.EndTime);
        Domain.Execution.ExecutionPolicyValidator.Validate(request.ExecutionPolicy);
        var name = request.Name ?? $"{strategy.Name}-{Now:yyyy-MM-ddTHH:mm:ss.ffffff}";
        ValidateName(name);

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
            ExecutionPolicy = request.ExecutionPolicy ?? template?.ExecutionPolicy,
            Force = request.Force,
            StartTime = request.StartTime,
            EndTime = request.EndTime,
            NextRunTime = request.AuditType == AuditType.Continuous ? request.StartTime ?? Now : null,
            // A one-shot's run is counted in the same write that creates it, so a crash after this write leaves a
            // PENDING audit whose run 1 the reconciler schedules (docs/reliability.md, "Crash-consistent writes").
            RunCount = request.AuditType == AuditType.Oneshot ? 1 : 0,
            CreatedAt = Now,
        };
        await repository.CreateAuditAsync(audit, ct);
        if (audit.AuditType == AuditType.Oneshot)
        {
            CrashPoints.Hit(CrashPoints.AuditCreated);
            try
            {
                await ScheduleRunAsync(audit, 1, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await repository.UpdateAuditAsync(audit.Uuid, a => a with { State = AuditState.Failed, StatusMessage = "Could not schedule the audit: " + SafeMessages.Of(ex) }, ct);
                throw;
            }
        }

        return audit;
    }

    /// <summary>
    /// Replaces an audit's editable fields (name, interval, parameters, auto_trigger, start and end time) with
    /// <paramref name="desired"/>, validated as on create; the audit's type, goal and strategy stay.
    /// </summary>
    public async Task<Audit> UpdateAsync(string uuid, AuditRequest desired, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var current = await repository.GetAuditAsync(uuid, ct);
        var strategy = _lookup.StrategyOf(current);
        var parameters = strategy.Parameters.Resolve(desired.Parameters, strategy.Name);
        await CheckParametersAsync(strategy, parameters, ct);
        var name = CatalogLookup.Require(desired.Name, "name");
        ValidateName(name);
        ValidateSchedule(current.AuditType, desired.Interval, desired.StartTime, desired.EndTime);

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

    /// <summary>Watcher's audit PATCH of <c>/state</c>: CANCELLED, SUSPENDED, or ONGOING again after SUSPENDED.</summary>
    public async Task<Audit> ChangeStateAsync(string uuid, AuditState target, CancellationToken ct = default)
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
    public Task<Audit> DeleteAsync(string uuid, CancellationToken ct = default) =>
        repository.UpdateAuditAsync(uuid, a =>
        {
            if (a.State is not (AuditState.Failed or AuditState.Succeeded or AuditState.Cancelled or AuditState.Suspended))
            {
                throw new ConflictException($"Couldn't delete audit {a.Uuid}: state transition not allowed ({StateMachine<AuditState>.Name(a.State)} -> {StateMachine<AuditState>.Name(AuditState.Deleted)}).");
            }

            return a with { State = AuditState.Deleted, UpdatedAt = Now };
        }, ct);

    /// <summary>Runs an EVENT audit once more (Watcher's webhook); allowed from PENDING or SUCCEEDED. Returns the instance id.</summary>
    public async Task<string> TriggerEventAsync(string uuid, CancellationToken ct = default)
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
        CrashPoints.Hit(CrashPoints.EventTriggered);
        return await ScheduleRunAsync(audit, audit.RunCount, ct);
    }

    /// <summary>Starts every continuous audit whose next run is due; called by the timers. Returns how many started.</summary>
    /// <remarks>Finds the due audits through the store's due index (by next_run_time), not a scan of every audit.</remarks>
    public async Task<int> RunDueContinuousAsync(CancellationToken ct = default)
    {
        var started = 0;
        foreach (var audit in await repository.ListDueContinuousAuditsAsync(Now, ct))
        {
            if (audit.AuditType != AuditType.Continuous || audit.State is not (AuditState.Pending or AuditState.Ongoing)
                || audit.NextRunTime is not { } due || due > Now)
            {
                continue;
            }

            // One audit that cannot run (a stored schedule that no longer parses, say) never stops the others.
            try
            {
                started += await RunDueAsync(audit, due, ct) ? 1 : 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await FailDueAsync(audit, ex, ct);
            }
        }

        return started;
    }

    /// <summary>Ends a due audit past its end time, or claims and starts its run; true when a run started.</summary>
    private async Task<bool> RunDueAsync(Audit audit, DateTimeOffset due, CancellationToken ct)
    {
        if (audit.EndTime is { } end && end <= Now)
        {
            await repository.UpdateAuditAsync(audit.Uuid, a => a.State == AuditState.Ongoing ? a with { State = AuditState.Succeeded, UpdatedAt = Now } : a, ct);
            return false;
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
            await ScheduleRunAsync(updated, updated.RunCount, ct);
        }

        return claimed;
    }

    /// <summary>
    /// A due audit the timer could not run: logged; one whose own record is at fault (its schedule is invalid or never
    /// fires) is FAILED with the reason, so it is not retried on every tick. Other errors (storage, engine) leave it
    /// as it is for the next tick.
    /// </summary>
    private async Task FailDueAsync(Audit audit, Exception error, CancellationToken ct)
    {
        _logger.LogError(error, "Continuous audit {Audit} could not run on this tick", audit.Uuid);
        if (error is not ValidationException)
        {
            return;
        }

        try
        {
            await repository.UpdateAuditAsync(audit.Uuid, a => a.State is AuditState.Pending or AuditState.Ongoing
                ? a with { State = AuditState.Failed, NextRunTime = null, StatusMessage = "The continuous-audit timer could not schedule the next run: " + error.Message, UpdatedAt = Now }
                : a, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Continuous audit {Audit} could not be marked FAILED", audit.Uuid);
        }
    }

    /// <summary>The template's default parameters (when the audit uses the template's strategy) overridden key by key by the request's.</summary>
    private static JsonObject? WithTemplateDefaults(AuditTemplate? template, IStrategy strategy, JsonObject? requested)
    {
        if (template?.DefaultParameters is not { Count: > 0 } defaults || template.StrategyName != strategy.Name)
        {
            return requested;
        }

        var merged = (JsonObject)defaults.DeepClone();
        foreach (var (key, value) in requested ?? [])
        {
            merged[key] = value?.DeepClone();
        }

        return merged;
    }

    /// <summary>The strategy's own checks of resolved parameters (against the cloud's cluster when it asks and one is known): a 400 naming each problem.</summary>
    private async Task CheckParametersAsync(IStrategy strategy, JsonObject parameters, CancellationToken ct)
    {
        ClusterModel? cluster = null;
        if (strategy.ChecksParametersAgainstCluster && _cloud is not null)
        {
            try
            {
                cluster = await _cloud.GetClusterAsync(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The cloud is unreachable: the run checks again against the cluster it reads.
                cluster = null;
            }
        }

        var problems = strategy.CheckParameters(parameters, cluster);
        if (problems.Count > 0)
        {
            throw new ValidationException(string.Join(" ", problems));
        }
    }

    private Task<string> ScheduleRunAsync(Audit audit, int run, CancellationToken ct) =>
        engine.StartAuditRunAsync(audit.Uuid, DeterministicGuid.Create($"plan:{audit.Uuid}:{run}").ToString(), run, ct);

    private static void ValidateName(string name)
    {
        if (name.Length > MaxNameLength)
        {
            throw new ValidationException($"'name' must be at most {MaxNameLength} characters.");
        }
    }

    private static void ValidateSchedule(AuditType type, string? interval, DateTimeOffset? start, DateTimeOffset? end)
    {
        if (type == AuditType.Continuous)
        {
            ContinuousSchedule.Validate(interval);
        }
        else if (interval is not null)
        {
            throw new ValidationException("'interval' is only for CONTINUOUS audits.");
        }
        else if (start is not null || end is not null)
        {
            throw new ValidationException("'start_time' and 'end_time' are only for CONTINUOUS audits.");
        }

        if (start is { } s && end is { } e && e <= s)
        {
            throw new ValidationException("'end_time' must be after 'start_time'.");
        }
    }
}
