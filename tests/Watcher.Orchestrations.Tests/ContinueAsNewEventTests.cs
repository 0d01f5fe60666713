using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace Watcher.Orchestrations.Tests;

/// <summary>
/// What a large plan's execution relies on when it continues as new after each batch: a <c>cancel</c> event raised
/// while a generation is busy (no waiter for it yet) reaches the next generation with
/// <c>preserveUnprocessedEvents: true</c>, on the in-process engine. (The plan's cancel request is also in the store,
/// which <c>NextActionBatch</c> reads, so the event is the fast path, not the only one.)
/// </summary>
public sealed class ContinueAsNewEventTests
{
    [Theory]
    [InlineData(true, "stop")]
    [InlineData(false, "lost")]
    public async Task ContinueAsNew_EventRaisedDuringGeneration_ReachesNextGenerationOnlyWhenPreserved(bool preserve, string expected)
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
        Assert.Equal(expected, done.ReadOutputAs<string>());
    }
}
