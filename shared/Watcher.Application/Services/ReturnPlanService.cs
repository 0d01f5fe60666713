using System.Text.Json.Nodes;
using Watcher.Application.Ports;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;

namespace Watcher.Application.Services;

/// <summary>
/// Move back after maintenance: creates the return plan of a SUCCEEDED <c>host_maintenance</c> plan (a normal
/// RECOMMENDED plan of the same audit, <see cref="ActionPlan.ReturnOf"/> naming the maintenance plan) from the cluster
/// as it is now (<see cref="ReturnPlanner"/>), and, for audits with the <c>auto_return</c> parameter, notices on each
/// periodic check that the maintained node is enabled and up again, creates the return plan and, with the audit's
/// auto_trigger, starts it. At most one automatic return plan per maintenance plan: its uuid is derived from the
/// maintenance plan's, so the store's create-if-absent refuses a second one.
/// </summary>
public sealed class ReturnPlanService(
    WatcherRepository repository,
    StrategyRegistry strategies,
    PlannerRegistry planners,
    ActionCatalog catalog,
    ICloud cloud,
    ActionPlanService planService,
    TimeProvider time)
{
    private static readonly TimeSpan ClockSkewMargin = TimeSpan.FromMinutes(5);

    /// <summary>The host_maintenance parameter that asks for the automatic return.</summary>
    public const string AutoReturnParameter = "auto_return";

    /// <summary>The uuid of the return plan the periodic check creates for <paramref name="maintenancePlanUuid"/>.</summary>
    public static string AutomaticReturnUuid(string maintenancePlanUuid) => DeterministicGuid.Create($"return:{maintenancePlanUuid}:auto").ToString();

    /// <summary>
    /// Creates the return plan of <paramref name="maintenancePlanUuid"/> (RECOMMENDED; start it like any plan). Its
    /// warnings list every instance left where it is, and why.
    /// </summary>
    /// <exception cref="NotFoundException">No such plan.</exception>
    /// <exception cref="ConflictException">Not a SUCCEEDED host_maintenance plan, a live return plan exists, the node cannot take instances, or there is nothing to return.</exception>
    public async Task<ActionPlan> CreateAsync(string maintenancePlanUuid, CancellationToken ct = default)
    {
        var maintenance = await repository.GetPlanAsync(maintenancePlanUuid, ct);
        if (maintenance.State == ActionPlanState.Deleted)
        {
            throw new NotFoundException("ActionPlan", maintenancePlanUuid);
        }

        var plans = await repository.ListPlansActingSinceAsync(ActingSince(maintenance), ct);
        ReturnPlanner.EnsureReturnable(maintenance, plans);
        var sequence = plans.Count(p => p.ReturnOf == maintenance.Uuid) + 1;
        var uuid = DeterministicGuid.Create($"return:{maintenance.Uuid}:{sequence}").ToString();
        var cluster = await cloud.GetClusterAsync(ct);
        return await CreateReturnPlanAsync(maintenance, plans, cluster, uuid, ct);
    }

    /// <summary>
    /// The periodic check both hosts run: for every SUCCEEDED maintenance plan whose audit asked for
    /// <c>auto_return</c> and that has no return plan yet, once its node is enabled and up, creates the return plan;
    /// with the audit's auto_trigger also starts it (and starts an automatic return plan a crash left RECOMMENDED).
    /// </summary>
    public async Task<AutomaticReturnReport> RunAutomaticReturnsAsync(CancellationToken ct = default)
    {
        var created = new List<string>();
        var started = new List<string>();
        var problems = new List<string>();

        // From the index (list views, no actions): the maintenance and return plans, deleted ones too (any return plan
        // ever made stops the automatic one), and the maintenance audits; not every plan with its actions on each check.
        var summaries = await repository.ListPlanSummariesOfStrategyAsync(ReturnPlanner.MaintenanceStrategy, ct);
        var returned = summaries.Where(p => p.ReturnOf is not null).Select(p => p.ReturnOf!).ToHashSet(StringComparer.Ordinal);
        var audits = (await repository.QueryAllAsync<Audit>(WatcherRepository.Audits, [IndexFilter.On("strategy_name", ReturnPlanner.MaintenanceStrategy)], ct))
            .ToDictionary(a => a.Uuid, StringComparer.Ordinal);
        Audit? AuditOf(ActionPlan plan) => audits.GetValueOrDefault(plan.AuditUuid);

        var due = new List<(ActionPlan Plan, Audit Audit)>();
        foreach (var summary in summaries.Where(p => ReturnPlanner.IsMaintenancePlan(p) && p.State == ActionPlanState.Succeeded && !returned.Contains(p.Uuid)))
        {
            if (AuditOf(summary) is { } audit && WantsAutoReturn(audit)
                && await repository.GetPlanAsync(summary.Uuid, ct) is var plan && ReturnPlanner.Evacuations(plan).Count > 0)
            {
                due.Add((plan, audit));
            }
        }

        // The plans that can have acted since the earliest due maintenance, with their actions (a return must know later
        // plans' moves), read only when a return is to be made.
        IReadOnlyList<ActionPlan>? plans = null;
        var toStart = new List<string>();
        if (due.Count > 0)
        {
            var cluster = await cloud.GetClusterAsync(ct);
            foreach (var (plan, audit) in due)
            {
                if (ReturnPlanner.MaintainedHostOf(plan) is not { } hostName || cluster.FindNode(hostName) is not { IsSchedulable: true })
                {
                    continue; // Still in maintenance (or gone): look again on the next check.
                }

                try
                {
                    plans ??= await repository.ListPlansActingSinceAsync(due.Min(d => ActingSince(d.Plan)), ct);
                    var returnPlan = await CreateReturnPlanAsync(plan, plans, cluster, AutomaticReturnUuid(plan.Uuid), ct);
                    created.Add(returnPlan.Uuid);
                    if (audit.AutoTrigger && returnPlan.State == ActionPlanState.Recommended)
                    {
                        toStart.Add(returnPlan.Uuid);
                    }
                }
                catch (Exception ex) when (ex is ConflictException or ValidationException or InvalidOperationException)
                {
                    problems.Add($"Automatic return of action plan {plan.Uuid}: {ex.Message}");
                }
            }
        }

        // An automatic return plan left RECOMMENDED by a crash between its creation and its start.
        foreach (var plan in summaries.Where(p => p.ReturnOf is { } of && p.Uuid == AutomaticReturnUuid(of) && p.State == ActionPlanState.Recommended))
        {
            if (summaries.FirstOrDefault(p => p.Uuid == plan.ReturnOf) is { } maintenance && AuditOf(maintenance) is { AutoTrigger: true } audit && WantsAutoReturn(audit))
            {
                toStart.Add(plan.Uuid);
            }
        }

        foreach (var uuid in toStart.Distinct(StringComparer.Ordinal))
        {
            try
            {
                await planService.StartAsync(uuid, ct);
                started.Add(uuid);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problems.Add($"Could not start return plan {uuid}: {ex.Message}");
            }
        }

        return new AutomaticReturnReport(created, started, problems);
    }

    /// <summary>
    /// Every effect of <paramref name="maintenance"/> (and so every later move that matters to its return) comes after
    /// its creation; five minutes earlier still covers clocks of replicas that disagree.
    /// </summary>
    private static DateTimeOffset ActingSince(ActionPlan maintenance) =>
        maintenance.CreatedAt - DateTimeOffset.MinValue > ClockSkewMargin ? maintenance.CreatedAt - ClockSkewMargin : DateTimeOffset.MinValue;

    private static bool WantsAutoReturn(Audit audit) =>
        audit.StrategyName == ReturnPlanner.MaintenanceStrategy && audit.State != AuditState.Deleted
        && audit.Parameters[AutoReturnParameter] is JsonValue value && value.TryGetValue<bool>(out var on) && on;

    private async Task<ActionPlan> CreateReturnPlanAsync(ActionPlan maintenance, IReadOnlyList<ActionPlan> plans, ClusterModel cluster, string uuid, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var proposal = ReturnPlanner.Propose(maintenance, cluster, plans, catalog);
        if (proposal.Actions.Count == 0 && proposal.Warnings.Count == 0)
        {
            throw new ConflictException($"Nothing to return: action plan {maintenance.Uuid} moved no instance off {proposal.MaintainedHost}, and the node is enabled.");
        }

        var result = proposal.ToStrategyResult();
        var violations = PlanVerifier.Verify(cluster, result.Actions, catalog);
        if (violations.Count > 0)
        {
            // A safety net, as for every strategy's plan: a planning bug must never reach the cloud.
            throw new InvalidOperationException($"The return plan of {maintenance.Uuid} would be unsafe: {string.Join("; ", violations.Take(5))}");
        }

        var audit = await repository.GetAuditAsync(maintenance.AuditUuid, ct);
        var strategy = strategies.Find(maintenance.StrategyName)
            ?? throw new ConflictException($"Strategy '{maintenance.StrategyName}' is not available.");
        var plan = PlanBuilder.Build(uuid, audit, strategy, result, planners.Get(null).ForCluster(cluster), now) with
        {
            ReturnOf = maintenance.Uuid,
            MaintainedHost = null,
            ExecutionPolicy = maintenance.ExecutionPolicy,
        };
        plan = plan.AsProposed(autoTrigger: false);
        if (plan.Actions.Count == 0)
        {
            plan = plan with { StatusMessage = $"Nothing to return to {proposal.MaintainedHost}: every evacuated instance is skipped (see warnings)." };
        }

        try
        {
            await repository.CreatePlanAsync(plan, ct);
        }
        catch (ConcurrencyConflictException)
        {
            throw new ConflictException($"Action plan {maintenance.Uuid} already has return plan {uuid}.");
        }

        var detail = $"return of {maintenance.Uuid} to {proposal.MaintainedHost}: {proposal.Returned.Count} instance(s) back, {proposal.Skipped.Count} skipped{(proposal.EnablesHost ? ", service re-enabled first" : string.Empty)}";
        await repository.JournalAsync(plan.Uuid, new JournalEntry(now, "plan_created", Detail: detail), ct);
        await repository.JournalAsync(maintenance.Uuid, new JournalEntry(now, "return_plan_created", Detail: $"{plan.Uuid}: {detail}"), ct);
        return plan;
    }
}
