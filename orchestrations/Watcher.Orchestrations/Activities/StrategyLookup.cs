using Watcher.Domain.Errors;
using Watcher.Domain.Strategies;

namespace Watcher.Orchestrations.Activities;

/// <summary>Finds an audit's strategy, failing with a validation error (not retried) when it is gone.</summary>
internal static class StrategyLookup
{
    public static IStrategy Require(this StrategyRegistry strategies, string name) =>
        strategies.Find(name) ?? throw new ValidationException($"Strategy '{name}' is not available.");
}
