using Watcher.Domain.Model;
using Watcher.Domain.Planning;

namespace Watcher.Application.Services;

/// <summary>A rollback that was scheduled: the plan (now ROLLING_BACK), its workflow instance, and what a forced rollback leaves as it is.</summary>
public sealed record RollbackStart(ActionPlan Plan, string InstanceId, IReadOnlyList<SkippedRevert> Skipped);
