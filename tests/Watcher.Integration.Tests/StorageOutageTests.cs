using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Watcher.Integration.Tests;

/// <summary>
/// A storage outage in the middle of a plan (issue 9: "one journal entry was lost during a 71 s storage outage"): the
/// test's own Azurite (data on disk) is stopped while a host-maintenance plan migrates instances, kept down, and started
/// again on the same ports with the same data. The plan must still succeed, with every action's started and succeeded
/// lines and the plan's started and finished lines in its journal, no action run twice, and no line written twice.
/// The outage lasts 25 s (<c>WATCHER_SOAK=1</c>: 75 s); the recovery time (Azurite back until the journal grows again)
/// is printed and recorded in docs/reliability.md.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageOutageTests(ITestOutputHelper output)
{
    private static readonly string[] Ends = ["SUCCEEDED", "FAILED", "CANCELLED"];

    [Fact]
    public async Task StorageOutageMidPlan_AzuriteStoppedThenStarted_PlanSucceedsWithCompleteJournal()
    {
        var outage = TimeSpan.FromSeconds(Environment.GetEnvironmentVariable("WATCHER_SOAK") == "1" ? 75 : 25);
        await using var azurite = new RestartableAzurite();
        await azurite.StartAsync();
        // Each cloud operation takes 1.5 s, so the outage starts while an action runs.
        var settings = new HostSettings(azurite.ConnectionString) { OperationDelayMs = 1500 };
        await using var host = await ChildProcessHost.StartAsync(settings);
        var client = host.Client;
        var node = await Scenario.BusiestNodeAsync(client);
        var plan = await Scenario.MaintenancePlanAsync(client, node);
        var actionCount = (await client.ActionsAsync(plan)).Count;
        Assert.True(actionCount >= 3, $"the maintenance plan has {actionCount} actions; the test needs some before and after the outage");
        await client.PostAsync($"/v1/action_plans/{plan}/start", "{}", HttpStatusCode.OK);

        // Outage once the first action succeeded (and the next is running).
        await PollAsync(async () => (await JournalAsync(client, plan)).Any(e => e.Event == "action_succeeded"), TimeSpan.FromMinutes(2), "a first action_succeeded");
        var before = (await JournalAsync(client, plan)).Count;
        azurite.Stop();
        output.WriteLine($"outage: {before} journal lines, Azurite stopped for {outage.TotalSeconds:0} s");
        await Task.Delay(outage);
        await azurite.StartAsync();
        var back = Stopwatch.StartNew();

        // Recovery: from Azurite listening again until the plan visibly progresses (a journal line written after it).
        try
        {
            await PollAsync(
                async () => (await TryJournalAsync(client, plan)) is { } lines && lines.Count > before,
                TimeSpan.FromMinutes(3),
                "the plan to progress after the outage");
        }
        catch (TimeoutException ex)
        {
            // The host's log says whether the engine, the orchestration's retries or the API is stuck.
            throw new TimeoutException($"{ex.Message}\n{client.LogSource?.Invoke()}", ex);
        }
        var recovery = back.Elapsed;
        output.WriteLine($"recovery: plan progressing {recovery.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s after Azurite listened again");

        string state = "";
        await PollAsync(
            async () =>
            {
                var (status, body) = await client.SendAsync(HttpMethod.Get, $"/v1/action_plans/{plan}");
                state = status == HttpStatusCode.OK ? body!["state"]!.GetValue<string>() : state;
                return Ends.Contains(state);
            },
            TimeSpan.FromMinutes(5),
            "the plan to end");
        output.WriteLine($"plan {state} {back.Elapsed.TotalSeconds:0.0} s after the outage");

        // FinishPlan writes the plan's state, then its journal lines; the orchestration completes once both are written.
        await client.WaitForOrchestrationEndAsync($"actionplan-{plan}", TimeSpan.FromSeconds(120));
        var journal = await JournalAsync(client, plan);
        output.WriteLine(string.Join('\n', journal.Select(e => $"{e.Event} {e.Action}")));
        Assert.True(state == "SUCCEEDED", $"plan ended {state}\n{string.Join('\n', journal.Select(e => $"{e.Event} {e.Action} {e.Detail}"))}\n{client.LogSource?.Invoke()}");
        var actions = await client.ActionsAsync(plan);
        Assert.All(actions, a => Assert.Equal("SUCCEEDED", a!["state"]!.GetValue<string>()));
        Assert.Single(journal, e => e.Event == "plan_started");
        Assert.Single(journal, e => e.Event == "plan_finished");
        foreach (var uuid in actions.Select(a => a!["uuid"]!.GetValue<string>()))
        {
            Assert.True(journal.Count(e => e.Event == "action_started" && e.Action == uuid) == 1, $"action {uuid}: {journal.Count(e => e.Event == "action_started" && e.Action == uuid)} action_started lines");
            Assert.True(journal.Count(e => e.Event == "action_succeeded" && e.Action == uuid) == 1, $"action {uuid}: {journal.Count(e => e.Event == "action_succeeded" && e.Action == uuid)} action_succeeded lines");
        }

        var executions = (await client.GetAsync("/v1/simulator"))["executions"]!.AsArray().Select(e => e!["operation_key"]!.GetValue<string>()).ToList();
        Assert.Equal(executions.Count, executions.Distinct(StringComparer.Ordinal).Count());
    }

    private static async Task<List<(string Event, string? Action, string? Detail)>> JournalAsync(WatcherTestClient client, string plan) =>
        await TryJournalAsync(client, plan) ?? throw new InvalidOperationException("the journal could not be read");

    private static async Task<List<(string Event, string? Action, string? Detail)>?> TryJournalAsync(WatcherTestClient client, string plan)
    {
        try
        {
            var (status, body) = await client.SendAsync(HttpMethod.Get, $"/v1/action_plans/{plan}/journal");
            return status != HttpStatusCode.OK ? null : body!["journal"]!.AsArray()
                .Select(e => (e!["event"]!.GetValue<string>(), e["action_uuid"]?.GetValue<string>(), e["detail"]?.GetValue<string>())).ToList();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task PollAsync(Func<Task<bool>> done, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await done())
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout} for {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
