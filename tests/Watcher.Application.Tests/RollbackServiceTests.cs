using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Watcher.Application.Ports;
using Watcher.Application.Services;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Domain.Planning;

namespace Watcher.Application.Tests;

/// <summary>
/// User rollback made safe: the rollback window, the drift check (409 listing each drifted action and why) and the
/// forced rollback that skips the drift. The plan moved vm1 from h1 to h2 and vm2 from h1 to h3.
/// </summary>
public sealed class RollbackServiceTests
{
    private static readonly DateTimeOffset Finished = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly RecordingWorkflowEngine _engine = new();
    private readonly FakeTimeProvider _time = new(Finished.AddHours(1));

    [Fact]
    public async Task Rollback_FinishedLongerAgoThanTheWindow_ConflictNamesEndTimeAndWindow()
    {
        using var services = await ServicesAsync(vm1On: "h2", ("Watcher:Rollback:WindowHours", "24"));
        _time.SetUtcNow(Finished.AddHours(25));

        var ex = await Assert.ThrowsAsync<ConflictException>(() => services.GetRequiredService<RollbackService>().StartAsync("p", null, force: true));

        Assert.Contains("finished at 2026-06-01T12:00:00Z", ex.Message, StringComparison.Ordinal);
        Assert.Contains("rollback window of 24 hour(s)", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_engine.Scheduled);
        Assert.Equal(ActionPlanState.Succeeded, (await services.GetRequiredService<WatcherRepository>().GetPlanAsync("p")).State);
    }

    [Fact]
    public async Task Rollback_WithinTheWindow_Scheduled()
    {
        using var services = await ServicesAsync(vm1On: "h2", ("Watcher:Rollback:WindowHours", "24"));
        _time.SetUtcNow(Finished.AddHours(23));

        var started = await services.GetRequiredService<RollbackService>().StartAsync("p", null, force: false);

        Assert.Equal(ActionPlanState.RollingBack, started.Plan.State);
        Assert.Equal(["rollback:p:1"], _engine.Scheduled);
        Assert.Null(Assert.Single(_engine.Skipped));
    }

    [Fact]
    public async Task Rollback_WindowZero_AYearOldPlanIsStillRolledBack()
    {
        using var services = await ServicesAsync(vm1On: "h2", ("Watcher:Rollback:WindowHours", "0"));
        _time.SetUtcNow(Finished.AddDays(365));

        await services.GetRequiredService<RollbackService>().StartAsync("p", null, force: false);

        Assert.Single(_engine.Scheduled);
    }

    [Fact]
    public async Task Rollback_DefaultWindow_RefusesAPlanFinishedEightDaysAgo()
    {
        using var services = await ServicesAsync(vm1On: "h2");
        _time.SetUtcNow(Finished.AddDays(8));

        var ex = await Assert.ThrowsAsync<ConflictException>(() => services.GetRequiredService<RollbackService>().RollbackAsync("p", null));

        Assert.Contains("168 hour(s)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_InstanceMovedSince_ConflictListsTheDriftedActionAndWhy()
    {
        using var services = await ServicesAsync(vm1On: "h3");

        var ex = await Assert.ThrowsAsync<ConflictException>(() => services.GetRequiredService<RollbackService>().StartAsync("p", null, force: false));

        Assert.Contains("1 of 2 revert(s) cannot run", ex.Message, StringComparison.Ordinal);
        Assert.Contains("migrate m1: Instance uuid-vm1 is on h3, not on h2 where the action put it.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("m2:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"force\": true", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_engine.Scheduled);
        Assert.Equal(ActionPlanState.Succeeded, (await services.GetRequiredService<WatcherRepository>().GetPlanAsync("p")).State);
    }

    [Fact]
    public async Task Rollback_InstanceMovedSinceForced_ScheduledSkippingOnlyTheDriftedAction()
    {
        using var services = await ServicesAsync(vm1On: "h3");

        var started = await services.GetRequiredService<RollbackService>().StartAsync("p", null, force: true);

        var skipped = Assert.Single(started.Skipped);
        Assert.Equal("m1", skipped.ActionUuid);
        Assert.Contains("is on h3", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(started.Skipped, Assert.Single(_engine.Skipped));
        Assert.Equal(ActionPlanState.RollingBack, started.Plan.State);
    }

    [Fact]
    public async Task Rollback_EveryPickedActionDriftedForced_ConflictNothingCanBeRolledBack()
    {
        using var services = await ServicesAsync(vm1On: "h3");

        var ex = await Assert.ThrowsAsync<ConflictException>(() => services.GetRequiredService<RollbackService>().StartAsync("p", ["m1"], force: true));

        Assert.Contains("Nothing can be rolled back", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_engine.Scheduled);
    }

    [Fact]
    public async Task Preview_Drift_NotAllowedListsDriftAndExecutesNothing()
    {
        using var services = await ServicesAsync(vm1On: "h3");

        var preview = await services.GetRequiredService<RollbackService>().PreviewAsync("p", null);

        Assert.False(preview.Allowed);
        Assert.Null(preview.Refusal);
        Assert.Equal("m1", Assert.Single(preview.Drift).ActionUuid);
        Assert.Empty(_engine.Scheduled);
    }

    [Fact]
    public async Task Preview_OutsideTheWindow_RefusalNamesTheWindow()
    {
        using var services = await ServicesAsync(vm1On: "h2", ("Watcher:Rollback:WindowHours", "1"));
        _time.SetUtcNow(Finished.AddHours(2));

        var preview = await services.GetRequiredService<RollbackService>().PreviewAsync("p", null);

        Assert.False(preview.Allowed);
        Assert.Contains("rollback window of 1 hour(s)", preview.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_NegativeWindow_FailValidationNamingTheSetting()
    {
        using var services = ComposedServices.Build(null, ("Watcher:Rollback:WindowHours", "-1"));

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RollbackOptions>>().Value);

        Assert.Contains("Watcher:Rollback:WindowHours", ex.Message, StringComparison.Ordinal);
    }

    private async Task<ServiceProvider> ServicesAsync(string vm1On, params (string Key, string Value)[] settings)
    {
        var services = ComposedServices.Build(s => s.AddSingleton<IWorkflowEngine>(_engine).AddSingleton<TimeProvider>(_time), settings);
        await services.GetRequiredService<ISimulatorControl>().ResetAsync(new ClusterModel(
            [Node("h1"), Node("h2"), Node("h3")],
            [Vm("vm1", vm1On), Vm("vm2", "h3")]));
        await services.GetRequiredService<WatcherRepository>().CreatePlanAsync(new ActionPlan
        {
            Uuid = "p",
            AuditUuid = "a",
            StrategyUuid = "s",
            StrategyName = "host_maintenance",
            State = ActionPlanState.Succeeded,
            FinishedAt = Finished,
            Actions = [Migration("m1", "vm1", "h2", 1), Migration("m2", "vm2", "h3", 2)],
        });
        return services;
    }

    private static WatcherAction Migration(string id, string vm, string to, int sequence) => new()
    {
        Uuid = id,
        ActionPlanUuid = "p",
        ActionType = ActionTypes.Migrate,
        State = ActionState.Succeeded,
        CompletionSequence = sequence,
        InputParameters = new JsonObject { ["resource_id"] = "uuid-" + vm, ["migration_type"] = "live", ["source_node"] = "h1", ["destination_node"] = to },
        RevertData = new JsonObject { ["source_node_uuid"] = "uuid-h1" },
    };

    private static ComputeNode Node(string name) => new() { Uuid = "uuid-" + name, Hostname = name, VCpus = 16, MemoryMb = 32768, DiskGb = 500 };

    private static Instance Vm(string name, string host) => new()
    {
        Uuid = "uuid-" + name, Name = name, HostUuid = "uuid-" + host, VCpus = 2, MemoryMb = 4096, DiskGb = 40, State = InstanceState.Active,
    };
}
