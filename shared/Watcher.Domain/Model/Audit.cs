using System.Text.Json.Nodes;
using Watcher.Domain.Errors;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;

namespace Watcher.Domain.Model;

/// <summary>A request to evaluate the cluster against a goal with a strategy, once or repeatedly.</summary>
public sealed record Audit
{
    public required string Uuid { get; init; }
    public required string Name { get; init; }
    public AuditType AuditType { get; init; } = AuditType.Oneshot;
    public AuditState State { get; init; } = AuditState.Pending;
    public required string GoalUuid { get; init; }
    public required string GoalName { get; init; }
    public required string StrategyUuid { get; init; }
    public required string StrategyName { get; init; }
    public string? AuditTemplateUuid { get; init; }
    public JsonObject Parameters { get; init; } = [];
    public JsonArray Scope { get; init; } = [];

    /// <summary>For continuous audits: seconds between runs, as Watcher's <c>interval</c> (a cron expression is also accepted).</summary>
    public string? Interval { get; init; }
    public bool AutoTrigger { get; init; }

    /// <summary>How this audit's plans execute; its template's when not given, null for the defaults.</summary>
    public ExecutionPolicy? ExecutionPolicy { get; init; }
    public bool Force { get; init; }
    public DateTimeOffset? NextRunTime { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    public string? Hostname { get; init; }
    public string? StatusMessage { get; init; }
    public int RunCount { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>
    /// Starts a run on <paramref name="hostname"/>: to ONGOING. An EVENT audit runs again from SUCCEEDED each time its
    /// webhook fires; a cancelled, suspended or deleted audit does not run.
    /// </summary>
    /// <exception cref="ConflictException">The audit is CANCELLED, SUSPENDED or DELETED.</exception>
    public Audit StartRun(string hostname, DateTimeOffset now)
    {
        if (State is AuditState.Cancelled or AuditState.Suspended or AuditState.Deleted)
        {
            throw new ConflictException($"Audit {Uuid} is {StateMachine<AuditState>.Name(State)} and does not run.");
        }

        if (!(AuditType == AuditType.Event && State == AuditState.Succeeded))
        {
            Transitions.Audit.EnsureCanTransition(State, AuditState.Ongoing);
        }

        return this with { State = AuditState.Ongoing, Hostname = hostname, UpdatedAt = now };
    }

    /// <summary>
    /// Ends a run: a one-shot or event audit becomes SUCCEEDED, or FAILED with <paramref name="error"/>; a continuous
    /// one that ran well stays as it is and gets its next run time. An audit no longer ONGOING (cancelled meanwhile) is unchanged.
    /// </summary>
    public Audit CompleteRun(string? error, DateTimeOffset now)
    {
        if (AuditType == AuditType.Continuous && error is null)
        {
            return this with { StatusMessage = null, NextRunTime = ContinuousSchedule.Next(this, now), UpdatedAt = now };
        }

        if (State != AuditState.Ongoing)
        {
            return this;
        }

        var state = error is null ? AuditState.Succeeded : AuditState.Failed;
        Transitions.Audit.EnsureCanTransition(State, state);
        return this with { State = state, StatusMessage = error, UpdatedAt = now };
    }
}
