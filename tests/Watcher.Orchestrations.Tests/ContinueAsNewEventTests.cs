using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace Watcher.Orchestrations.Tests;

/// <summary>
/// A large plan's execution continues as new after each batch with <c>preserveUnprocessedEvents: true</c>, but on the
/// in-process engine (Microsoft.DurableTask.InProcessTestHost 0.2.3-preview.1) an event raised while a generation had no
/// waiter for it does NOT reach the next generation, preserved or not. So the plan does not rely on it: a cancel is
/// stored (CANCELLING) before its event is raised, and <c>NextActionBatch</c> reads it before every batch. This test
/// records the engine's behaviour; if it starts failing, the engine now carries such events.
/// </summary>
public sealed class ContinueAsNewEventTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ContinueAsNew_EventRaisedWithoutWaiter_IsNotCarriedToNextGeneration(bool preserve)
    {
        await using var host = await DurableTaskTestHost.StartAsync(registry => registry.AddOrchestratorFunc<int, string>("Generations", async (context, generation) =>
        {
            if (generation == 0)
            {
                await context.CreateTimer(TimeSpan.FromSeconds(2), CancellationToken.None);
                context.ContinueAsNew(1, preserveUnprocessedEvents: preserve);
                return "continued";
            }

            using var cts = new CancellationTokenSource();
            var cancel = context.WaitForExternalEvent<string>(TaskNames.CancelEvent);
            var timeout = context.CreateTimer(TimeSpan.FromSeconds(3), cts.Token);
            if (await Task.WhenAny(cancel, timeout) == cancel)
            {
                await cts.CancelAsync();
                return cancel.Result;
            }

            return "lost";
        }));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Generations", 0);
        await host.Client.WaitForInstanceStartAsync(id);

        await host.Client.RaiseEventAsync(id, TaskNames.CancelEvent, "stop");

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, wait.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("lost", done.ReadOutputAs<string>());
    }
}
