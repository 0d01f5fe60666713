using Watcher.Domain.Actions;
using Watcher.Domain.Execution;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Orchestrators;

/// <summary>
/// Picks the actions of a plan that may start now: those whose parents are all done, while the plan's maintenance
/// window is open, within its disruption budget, in plan order. Pure (the time is the orchestration's), so the plan
/// orchestrator calls it while replaying.
/// </summary>
public sealed class ReadyActionSelector
{
    /// <summary>The plan waits for its maintenance window to open.</summary>
    public const string Window = "window";

    /// <summary>The plan waits for its disruption budget to allow another action.</summary>
    public const string Budget = "budget";

    private readonly DisruptionBudget _budget;
    private readonly MaintenanceWindowSchedule? _window;

    /// <exception cref="Domain.Errors.ValidationException">The policy's window is invalid.</exception>
    public ReadyActionSelector(ExecutionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _budget = new DisruptionBudget(policy);
        _window = policy.Window is { } window ? new MaintenanceWindowSchedule(window) : null;
    }

    /// <param name="pending">Actions not started yet, in plan order.</param>
    /// <param name="done">Uuids of actions that succeeded or were skipped.</param>
    /// <param name="running">Footprints of the actions running now.</param>
    /// <param name="starts">When the plan's actions started so far.</param>
    /// <param name="now">The orchestration's current time.</param>
    public ReadyActions Select(
        IEnumerable<PlanGraphNode> pending, IReadOnlySet<string> done, IReadOnlyCollection<ActionFootprint> running, IReadOnlyCollection<DateTimeOffset> starts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(done);
        var ready = pending.Where(a => a.Parents.All(done.Contains)).ToList();
        if (ready.Count == 0)
        {
            return ReadyActions.None;
        }

        if (_window is not null && !_window.IsOpen(now))
        {
            var opens = _window.NextOpen(now);
            return new([], Window, opens, $"outside the maintenance window, which opens at {opens:u}");
        }

        var start = new List<PlanGraphNode>();
        var busy = running.ToList();
        var started = starts.ToList();
        string? blocker = null;
        foreach (var action in ready)
        {
            var footprint = action.Footprint ?? ActionFootprint.Barrier;
            if (_budget.Blocker(footprint, busy, started, now) is { } why)
            {
                blocker ??= why;
                continue;
            }

            start.Add(action);
            busy.Add(footprint);
            started.Add(now);
        }

        return blocker is null ? new(start) : new(start, Budget, _budget.NextHourlySlot(started, now), blocker);
    }
}
