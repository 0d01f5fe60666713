using Watcher.Domain.Execution;

namespace Watcher.Orchestrations.Contracts;

/// <summary>
/// Input of one batch of a large plan's execution: its actions (at most a page), the plan's policy, the completion
/// sequence so far, the starts the hourly budget counts, and the plan's progress before the batch.
/// </summary>
public sealed record ActionBatchInput(
    string PlanUuid, int Batch, IReadOnlyList<PlanGraphNode> Actions, ExecutionPolicy? Policy, int Sequence, IReadOnlyList<DateTimeOffset> Starts, PlanProgress Progress);
