using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Ports;
using Watcher.Application.Requests;
using Watcher.Application.Services;
using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.Application.Tests;

/// <summary>The application services validate before writing, undo a write whose scheduling fails, and apply template defaults.</summary>
public sealed class ApplicationServicesTests
{
    private readonly RecordingWorkflowEngine _engine = new();

    private ServiceProvider Services() => ComposedServices.Build(s => s.AddSingleton<IWorkflowEngine>(_engine));

    [Fact]
    public async Task CreateAudit_FromTemplateWithDefaultParameters_RequestOverridesDefaultsKeyByKey()
    {
        using var services = Services();
        var template = await services.GetRequiredService<AuditTemplateService>().CreateAsync(new AuditTemplateRequest
        {
            Name = "t", Goal = "dummy", Strategy = "dummy", DefaultParameters = new JsonObject { ["para1"] = 5.0, ["para2"] = "from-template" },
        });

        var audit = await services.GetRequiredService<AuditService>().CreateAsync(new AuditRequest { AuditTemplateUuid = template.Uuid, Parameters = new JsonObject { ["para1"] = 7.0 } });

        Assert.Equal(7.0, audit.Parameters["para1"]!.GetValue<double>());
        Assert.Equal("from-template", audit.Parameters["para2"]!.GetValue<string>());
        Assert.Equal([$"audit:{audit.Uuid}:1"], _engine.Scheduled);
    }

    [Fact]
    public async Task CreateAudit_GoalOnlyWorkloadBalancing_KeepsTheDefaultThatNeedsNoHistory()
    {
        // periodic_contention_balance sorts first for workload_balancing but needs history: the default stays the
        // strategy goal-only audits ran before it existed.
        using var services = Services();

        var audit = await services.GetRequiredService<AuditService>().CreateAsync(new AuditRequest { Goal = "workload_balancing" });

        Assert.Equal("storage_capacity_balance", audit.StrategyName);
    }

    [Fact]
    public async Task CreateAudit_GoalOnlyWithAMisspelledParameter_RejectedNamingTheParameterNotTheDefaults()
    {
        // host_maintenance cannot resolve its defaults (maintenance_node is required); choosing the default strategy
        // must not fail on that before the request's own parameters are checked.
        using var services = Services();

        var ex = await Assert.ThrowsAsync<ValidationException>(() => services.GetRequiredService<AuditService>().CreateAsync(new AuditRequest
        {
            Goal = "cluster_maintaining", Parameters = new JsonObject { ["maintenance_nod"] = "x" },
        }));

        Assert.Contains("no parameter 'maintenance_nod'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTemplate_DefaultParametersOutOfBounds_RejectedNamingTheParameter()
    {
        using var services = Services();

        var ex = await Assert.ThrowsAsync<ValidationException>(() => services.GetRequiredService<AuditTemplateService>().CreateAsync(new AuditTemplateRequest
        {
            Name = "t", Goal = "dummy", Strategy = "dummy", DefaultParameters = new JsonObject { ["para1"] = 50.0 },
        }));

        Assert.Contains("para1", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await services.GetRequiredService<WatcherRepository>().ListTemplatesAsync());
    }

    [Fact]
    public async Task CreateTemplate_DefaultParametersWithoutStrategy_Rejected()
    {
        using var services = Services();

        var ex = await Assert.ThrowsAsync<ValidationException>(() => services.GetRequiredService<AuditTemplateService>().CreateAsync(new AuditTemplateRequest
        {
            Name = "t", Goal = "dummy", DefaultParameters = new JsonObject { ["para1"] = 5.0 },
        }));

        Assert.Contains("'default_parameters' needs a 'strategy'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAudit_FromDeletedTemplate_RejectedAndNothingScheduled()
    {
        using var services = Services();
        var templates = services.GetRequiredService<AuditTemplateService>();
        var template = await templates.CreateAsync(new AuditTemplateRequest { Name = "t", Goal = "dummy" });
        await templates.DeleteAsync(template.Uuid);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => services.GetRequiredService<AuditService>().CreateAsync(new AuditRequest { AuditTemplateUuid = template.Uuid }));

        Assert.Contains(template.Uuid, ex.Message, StringComparison.Ordinal);
        Assert.Empty(_engine.Scheduled);
    }

    [Fact]
    public async Task StartPlan_SchedulingFails_PlanIsRecommendedAgain()
    {
        using var services = Services();
        var repository = services.GetRequiredService<WatcherRepository>();
        await repository.CreatePlanAsync(Plan("p1", ActionPlanState.Recommended));
        _engine.FailWith = new InvalidOperationException("engine down");

        await Assert.ThrowsAsync<InvalidOperationException>(() => services.GetRequiredService<ActionPlanService>().StartAsync("p1"));

        Assert.Equal(ActionPlanState.Recommended, (await repository.GetPlanAsync("p1")).State);
    }

    [Fact]
    public async Task StartPlan_AlreadySucceeded_ConflictNamesBothStates()
    {
        using var services = Services();
        await services.GetRequiredService<WatcherRepository>().CreatePlanAsync(Plan("p2", ActionPlanState.Succeeded));

        var ex = await Assert.ThrowsAsync<ConflictException>(() => services.GetRequiredService<ActionPlanService>().StartAsync("p2"));

        Assert.Contains("(SUCCEEDED -> PENDING)", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_engine.Scheduled);
    }

    [Fact]
    public async Task Rollback_EmptySucceededPlan_ConflictNothingToRollBackAndNothingScheduled()
    {
        using var services = Services();
        var repository = services.GetRequiredService<WatcherRepository>();
        await repository.CreatePlanAsync(Plan("p3", ActionPlanState.Succeeded) with { Actions = [] });

        var ex = await Assert.ThrowsAsync<ConflictException>(() => services.GetRequiredService<RollbackService>().RollbackAsync("p3", null));

        Assert.Contains("Nothing to roll back", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no actions", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_engine.Scheduled);
        var stored = await repository.GetPlanAsync("p3");
        Assert.Equal((ActionPlanState.Succeeded, 0), (stored.State, stored.RollbackCount));
    }

    [Fact]
    public async Task Rollback_SucceededPlanWithSucceededAction_Scheduled()
    {
        using var services = Services();
        await services.GetRequiredService<WatcherRepository>().CreatePlanAsync(Plan("p4", ActionPlanState.Succeeded));

        var (plan, _) = await services.GetRequiredService<RollbackService>().RollbackAsync("p4", null);

        Assert.Equal(ActionPlanState.RollingBack, plan.State);
        Assert.Single(_engine.Scheduled);
    }

    [Fact]
    public async Task CancelPlan_WorkflowNotRunning_EndsCancelledInsteadOfStayingCancelling()
    {
        using var services = Services();
        var repository = services.GetRequiredService<WatcherRepository>();
        await repository.CreatePlanAsync(Plan("p3", ActionPlanState.Pending));
        _engine.PlanRunning = false;

        var plan = await services.GetRequiredService<ActionPlanService>().CancelAsync("p3");

        Assert.Equal(ActionPlanState.Cancelled, plan.State);
        Assert.Equal(ActionState.Cancelled, Assert.Single(plan.Actions).State);
        Assert.Contains("was not running", plan.StatusMessage, StringComparison.Ordinal);
        Assert.Equal(ActionPlanState.Cancelled, (await repository.GetPlanAsync("p3")).State);
    }

    [Fact]
    public async Task CancelPlan_WorkflowRunning_StaysCancellingForTheWorkflowToFinish()
    {
        using var services = Services();
        await services.GetRequiredService<WatcherRepository>().CreatePlanAsync(Plan("p4", ActionPlanState.Pending));

        var plan = await services.GetRequiredService<ActionPlanService>().CancelAsync("p4");

        Assert.Equal(ActionPlanState.Cancelling, plan.State);
        Assert.Equal(["cancel:p4"], _engine.Scheduled);
    }

    private static ActionPlan Plan(string uuid, ActionPlanState state) => new()
    {
        Uuid = uuid,
        AuditUuid = "a",
        StrategyUuid = "s",
        StrategyName = "dummy",
        State = state,
        Actions = [new WatcherAction { Uuid = uuid + "-x", ActionPlanUuid = uuid, ActionType = "nop", State = state == ActionPlanState.Succeeded ? ActionState.Succeeded : ActionState.Pending }],
    };
}
