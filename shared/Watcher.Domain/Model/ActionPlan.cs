using Watcher.Domain.Lifecycle;

namespace Watcher.Domain.Model;

/// <summary>The recommendation an audit produced: actions with dependencies, and the benefit expected.</summary>
public sealed record ActionPlan
{
    public required string Uuid { get; init; }
    public required string AuditUuid { get; init; }
    public required string StrategyUuid { get; init; }
    public required string StrategyName { get; init; }
    public ActionPlanState State { get; init; } = ActionPlanState.Recommended;
    public IReadOnlyList<EfficacyIndicator> EfficacyIndicators { get; init; } = [];
    public IReadOnlyList<EfficacyIndicator> GlobalEfficacy { get; init; } = [];

    /// <summary>Things the strategy could not do, such as instances it found no room for. Never silently dropped.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public IReadOnlyList<WatcherAction> Actions { get; init; } = [];
    public string? Hostname { get; init; }
    public string? StatusMessage { get; init; }

    /// <summary>Compensation after a failure, if any.</summary>
    public ExecutionRecord? Compensation { get; init; }

    /// <summary>The last user-requested rollback, if any.</summary>
    public ExecutionRecord? Rollback { get; init; }
    public int RollbackCount { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }

    public WatcherAction? FindAction(string uuid) => Actions.FirstOrDefault(a => a.Uuid == uuid);

    /// <summary>Returns a copy with one action replaced.</summary>
    public ActionPlan WithAction(WatcherAction action) =>
        this with { Actions = Actions.Select(a => a.Uuid == action.Uuid ? action : a).ToList() };
}
