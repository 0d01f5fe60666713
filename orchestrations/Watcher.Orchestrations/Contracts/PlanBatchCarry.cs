using Watcher.Domain.Execution;

namespace Watcher.Orchestrations.Contracts;

/// <summary>
/// What a large plan's execution carries from batch to batch and across ContinueAsNew: a few counters, never the plan's
/// actions. <paramref name="Page"/> is the next page of the plan's action order to read; <paramref name="Starts"/> the
/// action starts the hourly budget still counts (at most its cap); <paramref name="NotStarted"/> actions of earlier
/// batches that could not start.
/// </summary>
public sealed record PlanBatchCarry(
    int Page,
    int Batches,
    int Generation,
    int Sequence,
    int NotStarted,
    IReadOnlyList<DateTimeOffset> Starts,
    PlanProgress Progress,
    ExecutionPolicy? Policy,
    int Pages);
