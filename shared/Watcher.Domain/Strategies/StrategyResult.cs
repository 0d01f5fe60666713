using Watcher.Domain.Model;

namespace Watcher.Domain.Strategies;

/// <summary>What a strategy returns: proposed actions, efficacy indicators and anything it could not do.</summary>
public sealed record StrategyResult
{
    public IReadOnlyList<ProposedAction> Actions { get; init; } = [];
    public IReadOnlyList<EfficacyIndicator> EfficacyIndicators { get; init; } = [];
    public IReadOnlyList<EfficacyIndicator> GlobalEfficacy { get; init; } = [];

    /// <summary>Problems to report on the plan, such as instances with no room anywhere.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The node the plan takes out of service for maintenance (hostname), recorded on the plan as <see cref="ActionPlan.MaintainedHost"/>.</summary>
    public string? MaintainedHost { get; init; }

    /// <summary>The planner the strategy asks for, or null for the default.</summary>
    public string? Planner { get; init; }

    /// <summary>Hosts' projected weekly profiles before and after the proposed actions (history-based strategies only).</summary>
    public IReadOnlyList<ProjectedProfile> ProjectedProfiles { get; init; } = [];
}
