using Watcher.Domain.Actions;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Watcher.Domain.Cluster;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Metrics;
using Watcher.Domain.Metrics.Storage;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Audit;

/// <summary>
/// Runs the audit's strategy on the run's snapshot, metrics and raw history (read from the chunk blobs the run's history
/// manifest names), verifies and plans the result, stores the plan and
/// supersedes the audit's older recommendations.
/// </summary>
public sealed class ComputeActionPlanActivity(WatcherRepository repository, StrategyRegistry strategies, PlannerRegistry planners, ActionCatalog catalog, ISeriesStore seriesStore, TimeProvider time, ILogger<ComputeActionPlanActivity> logger)
    : TaskActivity<AuditRunInput, PlanSummary>
{
    public const string Name = "ComputeActionPlan";

    public override async Task<PlanSummary> RunAsync(TaskActivityContext context, AuditRunInput input)
    {
        var audit = await repository.GetAuditAsync(input.AuditUuid);
        var existing = await repository.Store.GetAsync<ActionPlan>(WatcherRepository.ActionPlans, input.PlanUuid);
        if (existing is not null)
        {
            return Summary(existing.Value, audit);
        }

        var now = time.GetUtcNow();
        var strategy = strategies.Require(audit.StrategyName);
        var id = AuditRunDocuments.Id(input.AuditUuid, input.PlanUuid);
        var snapshot = await AuditRunDocuments.RequireAsync<ClusterModel>(repository.Store, WatcherRepository.Snapshots, id, "cluster snapshot");
        var parameters = strategy.Parameters.Resolve(audit.Parameters, strategy.Name);
        var collected = await repository.Store.GetAsync<MetricsSnapshot>(WatcherRepository.Metrics, id);
        var metricsView = collected is null ? null : new SnapshotMetricsView(collected.Value, snapshot);
        var manifest = await repository.Store.GetAsync<HistoryManifest>(HistoryDocuments.Collection, id);
        var history = manifest is null ? null : await HistoryDocuments.LoadAsync(seriesStore, id, manifest.Value);
        var result = strategy.Execute(new StrategyContext(snapshot, parameters, ScopeParser.Parse(audit.Scope), metricsView, history));
        WorkLimits.Current.CheckPlanSize(result.Actions.Count, $"The plan of strategy '{strategy.Name}'");
        if (metricsView?.Warnings is { Count: > 0 } gaps)
        {
            // A metric the datasource lacked is reported, never silently read as the model's figure or as zero.
            result = result with { Warnings = [.. result.Warnings, .. gaps] };
        }

        var violations = PlanVerifier.Verify(snapshot, result.Actions, catalog);
        if (violations.Count > 0)
        {
            // A safety net: a strategy bug must never reach the cloud.
            throw new InvalidOperationException($"Strategy '{strategy.Name}' proposed an unsafe plan: {string.Join("; ", violations.Take(5))}");
        }

        var plan = PlanBuilder.Build(input.PlanUuid, audit, strategy, result, planners.Get(result.Planner).ForCluster(snapshot), now)
            .AsProposed(audit.AutoTrigger);

        // Older recommendations of this audit are now stale.
        foreach (var old in (await repository.ListPlansOfAuditAsync(audit.Uuid)).Where(p => p.State == ActionPlanState.Recommended))
        {
            await repository.UpdatePlanAsync(old.Uuid, p => p.State == ActionPlanState.Recommended ? p.Supersede(now) : p);
        }

        try
        {
            await repository.CreatePlanAsync(plan);
        }
        catch (ConcurrencyConflictException)
        {
            plan = await repository.GetPlanAsync(input.PlanUuid);
        }

        await repository.JournalAsync(plan.Uuid, new JournalEntry(now, "plan_created", Detail: $"{plan.Actions.Count} actions by {strategy.Name}"));
        logger.LogInformation("Audit {Audit} produced plan {Plan} with {Count} actions", audit.Uuid, plan.Uuid, plan.Actions.Count);
        return Summary(plan, audit);
    }

    private static PlanSummary Summary(ActionPlan plan, Domain.Model.Audit audit) => new(plan.Uuid, plan.Actions.Count, plan.State, audit.AutoTrigger);
}
