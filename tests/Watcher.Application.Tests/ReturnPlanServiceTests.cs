using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Ports;
using Watcher.Application.Services;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Builtin;

namespace Watcher.Application.Tests;

/// <summary>
/// The return plan use case on the simulated cloud: on request, and automatically once the node is back. On the plain
/// document store here; <see cref="IndexedReturnPlanServiceTests"/> runs the same on the indexed one.
/// </summary>
public class ReturnPlanServiceTests
{
    private readonly RecordingWorkflowEngine _engine = new();

    /// <summary>The document store the services use; null for the composition's default.</summary>
    protected virtual IDocumentStore? Store => null;

    private protected ServiceProvider Services() => ComposedServices.Build(s =>
    {
        s.AddSingleton<IWorkflowEngine>(_engine);
        if (Store is { } store)
        {
            s.AddSingleton(store);
        }
    });

    private static ComputeNode Node(string name, ServiceStatus status = ServiceStatus.Enabled) => new()
    {
        Uuid = "uuid-" + name, Hostname = name, VCpus = 16, MemoryMb = 32768, DiskGb = 500, Status = status,
    };

    private static Instance Vm(string name, string host) => new()
    {
        Uuid = "uuid-" + name, Name = name, HostUuid = "uuid-" + host, VCpus = 2, MemoryMb = 2048, DiskGb = 20,
    };

    /// <summary>
    /// Stores an audit (auto_return and auto_trigger as given) and its SUCCEEDED host_maintenance plan draining A,
    /// and puts the simulated cloud in the state after it (A disabled for maintenance).
    /// </summary>
    private protected static async Task<(ActionPlan Plan, ClusterModel After)> MaintainedAsync(ServiceProvider services, bool autoReturn, bool autoTrigger)
    {
        var cluster = new ClusterModel([Node("A"), Node("B"), Node("C")], [Vm("i1", "A"), Vm("i2", "A"), Vm("x", "B")]);
        var strategy = new HostMaintenanceStrategy();
        var parameters = strategy.Parameters.Resolve(new JsonObject { ["maintenance_node"] = "A", ["auto_return"] = autoReturn }, strategy.Name);
        var audit = new Audit
        {
            Uuid = "audit-m", Name = "m", GoalUuid = "g", GoalName = GoalCatalog.ClusterMaintaining,
            StrategyUuid = StrategyRegistry.UuidOf(strategy), StrategyName = strategy.Name, Parameters = parameters,
            AutoTrigger = autoTrigger, State = AuditState.Succeeded,
        };
        var now = DateTimeOffset.UtcNow.AddMinutes(-10);
        var plan = PlanBuilder.Build("plan-m", audit, strategy, strategy.Execute(new StrategyContext(cluster, parameters)), new ConflictPlanner(cluster), now);
        var state = new ClusterState(cluster);
        plan = plan with
        {
            State = ActionPlanState.Succeeded,
            Actions = plan.Actions.Select((a, i) =>
            {
                ActionCatalog.Default.Get(a.ActionType).Apply(state, a.InputParameters);
                return a with { State = ActionState.Succeeded, CompletionSequence = i + 1, UpdatedAt = now.AddSeconds(i + 1) };
            }).ToList(),
        };
        var repository = services.GetRequiredService<WatcherRepository>();
        await repository.CreateAuditAsync(audit);
        await repository.CreatePlanAsync(plan);
        var after = state.ToModel();
        await services.GetRequiredService<ISimulatorControl>().ResetAsync(after);
        return (plan, after);
    }

    private protected static Task ReenableAsync(ServiceProvider services, ClusterModel after) =>
        services.GetRequiredService<ISimulatorControl>().ResetAsync(after.WithNode(after.FindNode("A")! with { Status = ServiceStatus.Enabled, DisabledReason = null }));

    [Fact]
    public async Task Create_SucceededMaintenance_StoresRecommendedReturnPlanThatReenablesFirst()
    {
        using var services = Services();
        var (maintenance, _) = await MaintainedAsync(services, autoReturn: false, autoTrigger: false);

        var plan = await services.GetRequiredService<ReturnPlanService>().CreateAsync(maintenance.Uuid);

        Assert.Equal(ActionPlanState.Recommended, plan.State);
        Assert.Equal(maintenance.Uuid, plan.ReturnOf);
        Assert.Equal(maintenance.AuditUuid, plan.AuditUuid);
        Assert.Equal("host_maintenance", plan.StrategyName);
        Assert.Equal(ActionTypes.ChangeNovaServiceState, plan.Actions[0].ActionType);
        Assert.Equal(2, plan.Actions.Count(a => a.ActionType == ActionTypes.Migrate && a.InputParameters["destination_node"]!.GetValue<string>() == "A"));
        Assert.Equal(maintenance.Uuid, (await services.GetRequiredService<WatcherRepository>().GetPlanAsync(plan.Uuid)).ReturnOf);
        Assert.Empty(_engine.Scheduled);
    }

    [Fact]
    public async Task Create_PlanMadeBeforeTheMaintenanceMovedAnInstanceAfterIt_LeavesThatInstanceWhereItIs()
    {
        using var services = Services();
        var (maintenance, _) = await MaintainedAsync(services, autoReturn: false, autoTrigger: false);
        var now = DateTimeOffset.UtcNow;
        await services.GetRequiredService<WatcherRepository>().CreatePlanAsync(OtherPlan("older-plan", now.AddDays(-1), now.AddMinutes(-1), movedInstance: "uuid-i1"));

        var plan = await services.GetRequiredService<ReturnPlanService>().CreateAsync(maintenance.Uuid);

        var migrated = plan.Actions.Where(a => a.ActionType == ActionTypes.Migrate).Select(a => a.InputParameters["resource_id"]!.GetValue<string>());
        Assert.Equal(["uuid-i2"], migrated);
        Assert.Contains(plan.Warnings, w => w.Contains("uuid-i1", StringComparison.Ordinal) && w.Contains("newer action plan older-plan", StringComparison.Ordinal));
    }

    /// <summary>A SUCCEEDED plan of another strategy, created at <paramref name="createdAt"/> and finished at <paramref name="finishedAt"/>; with a migration of <paramref name="movedInstance"/> that succeeded when it finished.</summary>
    private protected static ActionPlan OtherPlan(string uuid, DateTimeOffset createdAt, DateTimeOffset finishedAt, string? movedInstance = null) => new()
    {
        Uuid = uuid, AuditUuid = "audit-other", StrategyUuid = "s", StrategyName = "dummy", CreatedAt = createdAt,
        State = ActionPlanState.Succeeded, UpdatedAt = finishedAt,
        Actions = movedInstance is null ? [] :
        [
            new WatcherAction
            {
                Uuid = uuid + "-move", ActionPlanUuid = uuid, ActionType = ActionTypes.Migrate, State = ActionState.Succeeded,
                InputParameters = new JsonObject { ["resource_id"] = movedInstance, ["migration_type"] = "live", ["source_node"] = "B", ["destination_node"] = "C" },
                CompletionSequence = 1, CreatedAt = createdAt, UpdatedAt = finishedAt,
            },
        ],
    };

    [Fact]
    public async Task Create_SecondWhileFirstIsLive_ConflictNamesTheFirst()
    {
        using var services = Services();
        var (maintenance, _) = await MaintainedAsync(services, autoReturn: false, autoTrigger: false);
        var returns = services.GetRequiredService<ReturnPlanService>();
        var first = await returns.CreateAsync(maintenance.Uuid);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => returns.CreateAsync(maintenance.Uuid));

        Assert.Contains(first.Uuid, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_AfterTheFirstWasCancelled_CreatesANewOne()
    {
        using var services = Services();
        var (maintenance, _) = await MaintainedAsync(services, autoReturn: false, autoTrigger: false);
        var returns = services.GetRequiredService<ReturnPlanService>();
        var first = await returns.CreateAsync(maintenance.Uuid);
        await services.GetRequiredService<ActionPlanService>().CancelAsync(first.Uuid);

        var second = await returns.CreateAsync(maintenance.Uuid);

        Assert.NotEqual(first.Uuid, second.Uuid);
    }

    [Fact]
    public async Task Create_EveryInstanceAlreadyBack_StoresSucceededPlanListingThem()
    {
        using var services = Services();
        var (maintenance, after) = await MaintainedAsync(services, autoReturn: false, autoTrigger: false);
        var back = after.WithInstance(after.FindInstance("uuid-i1")! with { HostUuid = "uuid-A" }).WithInstance(after.FindInstance("uuid-i2")! with { HostUuid = "uuid-A" });
        await services.GetRequiredService<ISimulatorControl>().ResetAsync(back.WithNode(back.FindNode("A")! with { Status = ServiceStatus.Enabled, DisabledReason = null }));

        var plan = await services.GetRequiredService<ReturnPlanService>().CreateAsync(maintenance.Uuid);

        Assert.Empty(plan.Actions);
        Assert.Equal(ActionPlanState.Succeeded, plan.State);
        Assert.Equal(2, plan.Warnings.Count(w => w.Contains("already back", StringComparison.Ordinal)));
        Assert.Contains("Nothing to return", plan.StatusMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UnknownPlan_NotFound()
    {
        using var services = Services();

        await Assert.ThrowsAsync<NotFoundException>(() => services.GetRequiredService<ReturnPlanService>().CreateAsync("no-such-plan"));
    }

    [Fact]
    public async Task RunAutomaticReturns_NodeStillInMaintenance_CreatesNothing()
    {
        using var services = Services();
        await MaintainedAsync(services, autoReturn: true, autoTrigger: true);

        var report = await services.GetRequiredService<ReturnPlanService>().RunAutomaticReturnsAsync();

        Assert.True(report.IsEmpty);
        Assert.DoesNotContain(await services.GetRequiredService<WatcherRepository>().ListPlansAsync(), p => p.ReturnOf is not null);
    }

    [Fact]
    public async Task RunAutomaticReturns_NodeBackWithAutoTrigger_CreatesAndStartsOneReturnPlanOnce()
    {
        using var services = Services();
        var (maintenance, after) = await MaintainedAsync(services, autoReturn: true, autoTrigger: true);
        await ReenableAsync(services, after);
        var returns = services.GetRequiredService<ReturnPlanService>();

        var report = await returns.RunAutomaticReturnsAsync();
        var again = await returns.RunAutomaticReturnsAsync();

        var uuid = Assert.Single(report.Created);
        Assert.Equal([uuid], report.Started);
        Assert.True(again.IsEmpty);
        Assert.Equal([$"plan:{uuid}"], _engine.Scheduled);
        var plan = await services.GetRequiredService<WatcherRepository>().GetPlanAsync(uuid);
        Assert.Equal(ActionPlanState.Pending, plan.State);
        Assert.Equal(maintenance.Uuid, plan.ReturnOf);
        Assert.All(plan.Actions, a => Assert.Equal(ActionTypes.Migrate, a.ActionType));
    }

    [Fact]
    public async Task RunAutomaticReturns_WithoutAutoTrigger_CreatesButDoesNotStart()
    {
        using var services = Services();
        var (_, after) = await MaintainedAsync(services, autoReturn: true, autoTrigger: false);
        await ReenableAsync(services, after);

        var report = await services.GetRequiredService<ReturnPlanService>().RunAutomaticReturnsAsync();

        Assert.Single(report.Created);
        Assert.Empty(report.Started);
        Assert.Empty(_engine.Scheduled);
    }

    [Fact]
    public async Task RunAutomaticReturns_AuditWithoutAutoReturn_CreatesNothing()
    {
        using var services = Services();
        var (_, after) = await MaintainedAsync(services, autoReturn: false, autoTrigger: true);
        await ReenableAsync(services, after);

        var report = await services.GetRequiredService<ReturnPlanService>().RunAutomaticReturnsAsync();

        Assert.True(report.IsEmpty);
    }

    [Fact]
    public async Task RunAutomaticReturns_StartFailedLastTime_StartsTheRecommendedPlanOnTheNextCheck()
    {
        using var services = Services();
        var (_, after) = await MaintainedAsync(services, autoReturn: true, autoTrigger: true);
        await ReenableAsync(services, after);
        var returns = services.GetRequiredService<ReturnPlanService>();
        _engine.FailWith = new InvalidOperationException("engine down");
        var failed = await returns.RunAutomaticReturnsAsync();
        _engine.FailWith = null;

        var next = await returns.RunAutomaticReturnsAsync();

        var uuid = Assert.Single(failed.Created);
        Assert.Contains(failed.Problems, p => p.Contains("engine down", StringComparison.Ordinal));
        Assert.Empty(next.Created);
        Assert.Equal([uuid], next.Started);
    }
}
