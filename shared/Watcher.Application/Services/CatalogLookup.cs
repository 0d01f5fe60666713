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

    public IStrategy DefaultStrategy(Goal goal) =>
        strategies.ForGoal(goal.Name).FirstOrDefault() ?? throw new ValidationException($"No strategy is available for goal '{goal.Name}'.");

    public async Task<AuditTemplate?> FindTemplateAsync(string uuidOrName, CancellationToken ct) =>
        (await repository.FindTemplateAsync(uuidOrName, ct))
        ?? (await repository.ListTemplatesAsync(ct)).FirstOrDefault(t => t.Name == uuidOrName);
}
