using Watcher.Domain.Actions;

namespace Watcher.Domain.Execution;

/// <summary>
/// Runs a <see cref="RevertPlan"/> over the reversed dependency graph, as a pure state machine an orchestrator drives
/// while replaying: <see cref="StartReady"/> hands out every revert whose dependents are all reverted and that the
/// plan's <see cref="DisruptionBudget"/> allows now, so independent reverts run in parallel; <see cref="Reverted"/> and
/// <see cref="Failed"/> report outcomes. A revert that failed, or that could not run, leaves every action it depends on
/// in place (undoing those would undo something under it), and each of them is reported with the reason. Hand-written:
/// a small topological scheduler with domain-specific blocking and budget rules, which no library offers.
/// </summary>
public sealed class RevertScheduler
{
    private readonly DisruptionBudget _budget;
    private readonly List<RevertStep> _pending;
    private readonly Dictionary<string, RevertStep> _running = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reverted = new(StringComparer.Ordinal);
    private readonly List<string> _revertedOrder = [];
    private readonly List<RevertNote> _failed = [];
    private readonly List<RevertNote> _blocked = [];
    private readonly Dictionary<string, string> _typeOf;
    private readonly Dictionary<string, string> _kept;
    private readonly List<DateTimeOffset> _starts = [];

    public RevertScheduler(RevertPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Plan = plan;
        _budget = new DisruptionBudget(plan.Policy);
        _pending = [.. plan.Steps];
        _typeOf = plan.Steps.ToDictionary(s => s.ActionUuid, s => s.ActionType, StringComparer.Ordinal);
        _kept = plan.Kept.GroupBy(k => k.ActionUuid, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Reason, StringComparer.Ordinal);
        BlockUnrevertable();
    }

    /// <summary>The plan being run.</summary>
    public RevertPlan Plan { get; }

    /// <summary>The reverts started and not yet reported.</summary>
    public IReadOnlyCollection<RevertStep> Running => _running.Values;

    /// <summary>True when every revert has been reported or will not run.</summary>
    public bool IsDone => _pending.Count == 0 && _running.Count == 0;

    /// <summary>Why the next revert that is ready cannot start yet (a budget cap), or null.</summary>
    public string? Waiting { get; private set; }

    /// <summary>What happened so far; final once <see cref="IsDone"/>.</summary>
    public RevertResult Result => new([.. _revertedOrder], [.. _failed], [.. _blocked, .. Plan.Kept]);

    /// <summary>
    /// Starts, and returns, every pending revert whose dependents are all reverted and that the budget allows at
    /// <paramref name="now"/> (given the reverts running and those started in the last hour). When none runs, the
    /// first ready one starts even past a concurrency cap of zero, so a misconfigured cap cannot stall a compensation;
    /// the hourly cap still holds (the caller waits for <see cref="NextHourlySlot"/>).
    /// </summary>
    public IReadOnlyList<RevertStep> StartReady(DateTimeOffset now)
    {
        var started = new List<RevertStep>();
        Waiting = null;
        foreach (var step in _pending.Where(s => s.After.All(_reverted.Contains)).ToList())
        {
            var blocker = _budget.Blocker(step.Footprint, [.. _running.Values.Select(r => r.Footprint)], _starts, now);
            if (blocker is not null && !(_running.Count == 0 && _budget.Blocker(ActionFootprint.Barrier, [], _starts, now) is null))
            {
                Waiting ??= $"revert of {step.ActionType} {step.ActionUuid} waits: {blocker}";
                continue;
            }

            _pending.Remove(step);
            _running[step.ActionUuid] = step;
            _starts.Add(now);
            started.Add(step);
        }

        return started;
    }

    /// <summary>When the hourly cap next lets a revert start, or null when it is not what holds reverts back.</summary>
    public DateTimeOffset? NextHourlySlot(DateTimeOffset now) => _budget.NextHourlySlot(_starts, now);

    /// <summary>Reports that the revert of <paramref name="actionUuid"/> succeeded.</summary>
    public void Reverted(string actionUuid)
    {
        Finish(actionUuid);
        _reverted.Add(actionUuid);
        _revertedOrder.Add(actionUuid);
    }

    /// <summary>Reports that the revert of <paramref name="actionUuid"/> failed for good; what it depends on stays in place.</summary>
    public void Failed(string actionUuid, string reason)
    {
        Finish(actionUuid);
        _failed.Add(new RevertNote(actionUuid, reason));
        BlockUnrevertable();
    }

    private void Finish(string actionUuid)
    {
        if (!_running.Remove(actionUuid))
        {
            throw new InvalidOperationException($"The revert of {actionUuid} is not running.");
        }
    }

    /// <summary>Moves every pending revert with a dependent that is failed, blocked or kept to the not-reverted list, to a fixed point.</summary>
    private void BlockUnrevertable()
    {
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var step in _pending.ToList())
            {
                var reason = step.After.Select(Cause).FirstOrDefault(r => r is not null);
                if (reason is not null)
                {
                    _pending.Remove(step);
                    _blocked.Add(new RevertNote(step.ActionUuid, reason));
                    changed = true;
                }
            }
        }
    }

    private string? Cause(string dependent)
    {
        if (_failed.Any(f => f.ActionUuid == dependent))
        {
            return $"not reverted because {Name(dependent)}, which depends on it, could not be reverted";
        }

        if (_blocked.Any(b => b.ActionUuid == dependent))
        {
            return $"not reverted because {Name(dependent)}, which depends on it, was not reverted";
        }

        if (_kept.TryGetValue(dependent, out var why))
        {
            return $"not reverted because {Name(dependent)}, which depends on it, stays in place ({why})";
        }

        return null;
    }

    private string Name(string uuid) => _typeOf.TryGetValue(uuid, out var type) ? $"{type} {uuid}" : $"action {uuid}";
}
