using Watcher.Domain.Errors;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Domain.Strategies;

namespace Watcher.Application.Services;

/// <summary>Resolves goals, strategies and templates named in requests, with Watcher's 400 messages.</summary>
internal sealed class CatalogLookup(WatcherRepository repository, StrategyRegistry strategies)
{
    public static Goal Goal(string nameOrUuid) =>
        GoalCatalog.Find(nameOrUuid) ?? throw new ValidationException($"Goal '{nameOrUuid}' does not exist. Known goals: {string.Join(", ", GoalCatalog.All.Select(g => g.Name))}.");

    public static string Require(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new ValidationException($"'{field}' is required.") : value;

    public IStrategy Strategy(string nameOrUuid, Goal goal)
    {
        var strategy = strategies.Find(nameOrUuid) ?? throw new ValidationException($"Strategy '{nameOrUuid}' does not exist.");
        if (strategy.GoalName != goal.Name)
        {
            throw new ValidationException($"Strategy '{strategy.Name}' serves goal '{strategy.GoalName}', not '{goal.Name}'.");
        }

        return strategy;
    }

    public IStrategy StrategyOf(Audit audit) =>
        strategies.Find(audit.StrategyName) ?? throw new ValidationException($"Strategy '{audit.StrategyName}' does not exist.");

    /// <summary>
    /// The strategy a goal-only audit runs: the first for the goal (by name) that needs no history with its default
    /// parameters, so adding a history-based strategy (periodic_contention_balance sorts first for workload_balancing) does not
    /// change what such audits do; the first of all when every one needs history.
    /// </summary>
    public IStrategy DefaultStrategy(Goal goal)
    {
        var candidates = strategies.ForGoal(goal.Name);
        return candidates.FirstOrDefault(s => !NeedsHistoryByDefault(s))
            ?? candidates.FirstOrDefault()
            ?? throw new ValidationException($"No strategy is available for goal '{goal.Name}'.");
    }

    /// <summary>Whether the strategy asks for history with its defaults; one whose defaults do not resolve alone (a required parameter) does not.</summary>
    private static bool NeedsHistoryByDefault(IStrategy strategy)
    {
        try
        {
            return strategy.History(strategy.Parameters.Resolve(null, strategy.Name)) is not null;
        }
        catch (ValidationException)
        {
            return false;
        }
    }

    public async Task<AuditTemplate?> FindTemplateAsync(string uuidOrName, CancellationToken ct) =>
        (await repository.FindTemplateAsync(uuidOrName, ct))
        ?? await repository.FindTemplateByNameAsync(uuidOrName, ct);
}
