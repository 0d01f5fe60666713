using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Watcher.Testing;
using Xunit.Abstractions;

namespace Watcher.OpenStack.Tests;

/// <summary>
/// Issue 10's acceptance, end to end: the local host as a child process with <c>Watcher:Cloud=openstack</c> and
/// Keystone authentication, driven by Watcher's own CLI with real Keystone credentials (endpoint from the catalog),
/// and Nova's and Placement's own APIs as the judge. Only this test's servers (uniquely named) are counted: another
/// run may use the cloud at the same time.
/// </summary>
[Collection(MiniOpenStackCollection.Name)]
public sealed class AcceptanceTests(MiniOpenStackFixture fixture, AcceptanceEnvironment env, ITestOutputHelper output) : IClassFixture<AcceptanceEnvironment>
{
    private static readonly TimeSpan PlanTimeout = TimeSpan.FromMinutes(4);
    private readonly string _prefix = "acc-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task HostMaintenance_CliAuditAndStartThenRollback_NovaShowsDrainThenEverythingBack()
    {
        var watch = Stopwatch.StartNew();
        await using var mini = new MiniCloud(fixture);
        try
        {
            var ids = await mini.BootAsync(2, "compute-1", prefix: _prefix);

            // The data model Watcher's CLI shows is Nova's: this test's servers on compute-1.
            var model = (await env.CliJsonAsync("datamodel", "list")).AsArray();
            foreach (var id in ids)
            {
                Assert.Contains(model, r => r!["Server UUID"]?.GetValue<string>() == id && r["Node Host Name"]?.GetValue<string>() == "compute-1");
            }

            var plan = await DrainCompute1Async(mini, ids, backup: null);

            // No stale model: an audit right after the drain sees compute-1 empty and plans no migration.
            var again = await env.CliJsonAsync("audit", "create", "-t", "ONESHOT", "-g", "cluster_maintaining", "-s", "host_maintenance", "-p", "maintenance_node=compute-1");
            var againState = await env.WaitForAsync($"/v1/audits/{again["UUID"]!.GetValue<string>()}", "state", ["SUCCEEDED", "FAILED"], TimeSpan.FromMinutes(2));
            Assert.Equal("SUCCEEDED", againState);
            foreach (var againPlan in (await env.CliJsonAsync("actionplan", "list", "--audit", again["UUID"]!.GetValue<string>())).AsArray())
            {
                Assert.DoesNotContain(await ActionsAsync(againPlan!["UUID"]!.GetValue<string>()), a => a!["action_type"]!.GetValue<string>() == "migrate");
            }

            var (status, body) = await env.ApiAsync(HttpMethod.Post, $"/v1/action_plans/{plan}/rollback", await AdminTokenAsync(), new JsonObject());
            Assert.True(status == HttpStatusCode.Accepted, $"rollback: {(int)status} {body?.ToJsonString()}");
            var state = await env.WaitForAsync($"/v1/action_plans/{plan}", "state", ["ROLLED_BACK", "PARTIALLY_ROLLED_BACK", "ROLLBACK_FAILED"], PlanTimeout);
            Assert.True(state == "ROLLED_BACK", $"rollback ended {state}: {await PlanAsync(plan)}");

            foreach (var id in ids)
            {
                Assert.Equal("compute-1", await mini.HostOfAsync(id));
            }

            Assert.Equal("enabled", OpenStackCloud.Str(await mini.Nova.ComputeServiceAsync("compute-1"), "status"));
        }
        finally
        {
            await mini.EnableAllAsync();
            output.WriteLine($"took {watch.Elapsed.TotalSeconds:F1} s (environment start {env.StartTime.TotalSeconds:F1} s)");
        }
    }

    [Fact]
    public async Task HostMaintenance_ReEnabledByHandThenReturnPlan_EveryServerBackOnCompute1()
    {
        var watch = Stopwatch.StartNew();
        await using var mini = new MiniCloud(fixture);
        try
        {
            var ids = await mini.BootAsync(2, "compute-1", prefix: _prefix);
            // backup_node given as the hypervisor's uuid (what Watcher's model calls the node): Nova must still be
            // given the compute service's host name, which OpenStack Watcher got wrong.
            var backup = (await mini.Cloud.GetClusterAsync()).FindNode("compute-3")!.Uuid;
            var plan = await DrainCompute1Async(mini, ids, backup);
            foreach (var id in ids)
            {
                Assert.Equal("compute-3", await mini.HostOfAsync(id));
            }

            // The operator ends the maintenance by hand.
            await mini.Nova.SetServiceAsync("compute-1", enabled: true, null, CancellationToken.None);
            var (status, body) = await env.ApiAsync(HttpMethod.Post, $"/v1/action_plans/{plan}/return", await AdminTokenAsync());
            Assert.True(status == HttpStatusCode.Created, $"return: {(int)status} {body?.ToJsonString()}");
            var returnPlan = body!["uuid"]!.GetValue<string>();
            Assert.Equal(plan, body["return_of"]!.GetValue<string>());

            await StartAndWaitAsync(returnPlan, "SUCCEEDED");

            foreach (var id in ids)
            {
                Assert.Equal("compute-1", await mini.HostOfAsync(id));
            }

            Assert.Equal("enabled", OpenStackCloud.Str(await mini.Nova.ComputeServiceAsync("compute-1"), "status"));
        }
        finally
        {
            await mini.EnableAllAsync();
            output.WriteLine($"took {watch.Elapsed.TotalSeconds:F1} s");
        }
    }

    [Fact]
    public async Task HostMaintenance_AutoTriggerAndAutoReturn_ReEnabledByHandServersComeBackOnTheirOwn()
    {
        var watch = Stopwatch.StartNew();
        await using var mini = new MiniCloud(fixture);
        try
        {
            var ids = await mini.BootAsync(2, "compute-1", prefix: _prefix);
            var audit = (await env.CliJsonAsync("audit", "create", "-t", "ONESHOT", "-g", "cluster_maintaining", "-s", "host_maintenance", "--auto-trigger", "-p", "maintenance_node=compute-1", "-p", "auto_return=true"))["UUID"]!.GetValue<string>();
            var plan = await WaitForPlanAsync(audit, p => p["return_of"] is null);
            Assert.Equal("SUCCEEDED", await env.WaitForAsync($"/v1/action_plans/{plan}", "state", ["SUCCEEDED", "FAILED", "CANCELLED"], PlanTimeout));
            Assert.Equal("watcher_maintaining", OpenStackCloud.Str(await mini.Nova.ComputeServiceAsync("compute-1"), "disabled_reason"));
            foreach (var id in ids)
            {
                Assert.NotEqual("compute-1", await mini.HostOfAsync(id));
            }

            // The operator ends the maintenance by hand; the periodic check creates the return plan and, with auto_trigger, runs it.
            await mini.Nova.SetServiceAsync("compute-1", enabled: true, null, CancellationToken.None);
            var returnPlan = await WaitForPlanAsync(audit, p => p["return_of"]?.GetValue<string>() == plan);
            var state = await env.WaitForAsync($"/v1/action_plans/{returnPlan}", "state", ["SUCCEEDED", "FAILED", "CANCELLED"], PlanTimeout);
            Assert.True(state == "SUCCEEDED", $"return plan ended {state}: {await PlanAsync(returnPlan)}");

            foreach (var id in ids)
            {
                Assert.Equal("compute-1", await mini.HostOfAsync(id));
            }

            Assert.Equal("enabled", OpenStackCloud.Str(await mini.Nova.ComputeServiceAsync("compute-1"), "status"));
        }
        finally
        {
            await mini.EnableAllAsync();
            output.WriteLine($"took {watch.Elapsed.TotalSeconds:F1} s");
        }
    }

    [Fact]
    public async Task NodeResourceConsolidation_CliAuditAndStart_PlacementShowsAHostReleased()
    {
        var watch = Stopwatch.StartNew();
        await using var mini = new MiniCloud(fixture);
        try
        {
            var ids = new List<string>();
            foreach (var host in new[] { "compute-1", "compute-2", "compute-3" })
            {
                ids.AddRange(await mini.BootAsync(1, host, prefix: $"{_prefix}-{host}"));
            }

            var cluster = await mini.Cloud.GetClusterAsync();
            var before = await mini.Cloud.GetPlacementUsagesAsync();
            var used = cluster.Hosts.Where(h => before[h.Uuid].GetValueOrDefault("VCPU") > 0).Select(h => h.Uuid).ToList();

            var audit = await env.CliJsonAsync("audit", "create", "-t", "ONESHOT", "-g", "server_consolidation", "-s", "node_resource_consolidation", "-p", "host_choice=specify");
            var plan = await PlanOfAsync(audit["UUID"]!.GetValue<string>());
            await StartAndWaitAsync(plan, "SUCCEEDED");

            var after = await mini.Cloud.GetPlacementUsagesAsync();
            var released = cluster.Hosts.Where(h => used.Contains(h.Uuid) && after[h.Uuid].GetValueOrDefault("VCPU") == 0).Select(h => h.Hostname).ToList();
            output.WriteLine($"used before: {used.Count} host(s); released: {string.Join(", ", released)}");
            Assert.NotEmpty(released);
            var hostsOfMine = new HashSet<string?>();
            foreach (var id in ids)
            {
                hostsOfMine.Add(await mini.HostOfAsync(id));
            }

            Assert.True(hostsOfMine.Count < 3, $"my servers are still on {string.Join(", ", hostsOfMine)}");
        }
        finally
        {
            await mini.EnableAllAsync();
            output.WriteLine($"took {watch.Elapsed.TotalSeconds:F1} s");
        }
    }

    [Fact]
    public async Task HostMaintenance_BackupDisabledByAdminMidPlan_PlanFailsAndCompensationRestoresTheStart()
    {
        var watch = Stopwatch.StartNew();
        await using var mini = new MiniCloud(fixture);
        try
        {
            var ids = await mini.BootAsync(3, "compute-1", prefix: _prefix);
            // One migration at a time, so the injected failure lands between two of them (execution_policy needs
            // microversion 1.7, which the CLI does not send: the audit is created over HTTP with the same Keystone token).
            var (status, audit) = await env.ApiAsync(HttpMethod.Post, "/v1/audits", await AdminTokenAsync(), new JsonObject
            {
                ["audit_type"] = "ONESHOT",
                ["goal"] = "cluster_maintaining",
                ["strategy"] = "host_maintenance",
                ["parameters"] = new JsonObject { ["maintenance_node"] = "compute-1", ["backup_node"] = "compute-2" },
                ["execution_policy"] = new JsonObject { ["compensation"] = "all", ["max_concurrent_migrations"] = 1 },
            });
            Assert.True(status == HttpStatusCode.Created, $"audit: {(int)status} {audit?.ToJsonString()}");
            var plan = await PlanOfAsync(audit!["uuid"]!.GetValue<string>());

            await env.CliJsonAsync("actionplan", "start", plan);
            // The injected failure: once the first server has moved, an admin disables the backup host.
            var deadline = DateTime.UtcNow + PlanTimeout;
            while (!(await ActionsAsync(plan)).Any(a => a!["action_type"]!.GetValue<string>() == "migrate" && a["state"]!.GetValue<string>() == "SUCCEEDED"))
            {
                Assert.True(DateTime.UtcNow < deadline, "no migration succeeded: " + await PlanAsync(plan));
                await Task.Delay(100);
            }

            await mini.Nova.SetServiceAsync("compute-2", enabled: false, "operator", CancellationToken.None);

            var state = await env.WaitForAsync($"/v1/action_plans/{plan}", "state", ["SUCCEEDED", "FAILED"], PlanTimeout);
            var view = await PlanAsync(plan);
            output.WriteLine(view);
            Assert.True(state == "FAILED", $"plan ended {state}: {view}");
            var actions = await ActionsAsync(plan);
            Assert.Contains(actions, a => a!["state"]!.GetValue<string>() == "FAILED");
            Assert.Contains(actions, a => a!["action_type"]!.GetValue<string>() == "migrate" && a["state"]!.GetValue<string>() == "REVERTED");
            Assert.Equal("compensated", JsonNode.Parse(view)!["compensation"]?["outcome"]?.GetValue<string>());

            foreach (var id in ids)
            {
                Assert.Equal("compute-1", await mini.HostOfAsync(id));
            }

            Assert.Equal("enabled", OpenStackCloud.Str(await mini.Nova.ComputeServiceAsync("compute-1"), "status"));
        }
        finally
        {
            await mini.EnableAllAsync();
            output.WriteLine($"took {watch.Elapsed.TotalSeconds:F1} s");
        }
    }

    [Fact]
    public async Task MutatingCall_NoTokenOrReaderToken_401Or403AndTheReaderCanList()
    {
        var body = new JsonObject { ["audit_type"] = "ONESHOT", ["goal"] = "dummy" };

        var (anonymous, _) = await env.ApiAsync(HttpMethod.Post, "/v1/audits", token: null, body);
        var (anonymousList, _) = await env.ApiAsync(HttpMethod.Get, "/v1/audits", token: null);
        var readerToken = await env.TokenAsync(env.ReaderUser, env.ReaderPassword);
        var (reader, readerBody) = await env.ApiAsync(HttpMethod.Post, "/v1/audits", readerToken, body);
        var (readerList, _) = await env.ApiAsync(HttpMethod.Get, "/v1/audits", readerToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousList);
        Assert.True(reader == HttpStatusCode.Forbidden, $"reader POST /v1/audits: {(int)reader} {readerBody?.ToJsonString()}");
        Assert.Equal(HttpStatusCode.OK, readerList);

        // The same through the CLI, which resolves the endpoint from the catalog with the reader's credentials.
        var (listExit, listOut, listErr) = await env.CliAsync(env.ReaderUser, env.ReaderPassword, "audit", "list", "-f", "json");
        Assert.True(listExit == 0, $"audit list as reader: {listOut}\n{listErr}");
        var (createExit, createOut, createErr) = await env.CliAsync(env.ReaderUser, env.ReaderPassword, "audit", "create", "-g", "dummy", "-f", "json");
        Assert.True(createExit != 0, $"audit create as reader must fail: {createOut}");
        Assert.Contains("HTTP 403", createErr, StringComparison.Ordinal);

        // A plan the admin made: the reader sees it and may not start it.
        var audit = await env.CliJsonAsync("audit", "create", "-t", "ONESHOT", "-g", "dummy");
        var state = await env.WaitForAsync($"/v1/audits/{audit["UUID"]!.GetValue<string>()}", "state", ["SUCCEEDED", "FAILED"], TimeSpan.FromMinutes(2));
        Assert.Equal("SUCCEEDED", state);
        var (_, plansOut, _) = await env.CliAsync(env.ReaderUser, env.ReaderPassword, "actionplan", "list", "--audit", audit["UUID"]!.GetValue<string>(), "-f", "json");
        var plan = Assert.Single(JsonNode.Parse(plansOut)!.AsArray())!["UUID"]!.GetValue<string>();
        var (startExit, startOut, startErr) = await env.CliAsync(env.ReaderUser, env.ReaderPassword, "actionplan", "start", plan, "-f", "json");
        Assert.True(startExit != 0, $"actionplan start as reader must fail: {startOut}");
        Assert.Contains("HTTP 403", startErr, StringComparison.Ordinal);
        var (anonymousStart, _) = await env.ApiAsync(HttpMethod.Post, $"/v1/action_plans/{plan}/start", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousStart);
        Assert.Equal("RECOMMENDED", (await env.CliJsonAsync("actionplan", "show", plan))["State"]!.GetValue<string>());
    }

    /// <summary>Audit template and audit through the CLI, the plan started through the CLI; checks the drain as Nova shows it.</summary>
    private async Task<string> DrainCompute1Async(MiniCloud mini, IReadOnlyList<string> ids, string? backup)
    {
        var template = await env.CliJsonAsync("audittemplate", "create", _prefix + "-maintain", "cluster_maintaining", "-s", "host_maintenance");
        string[] parameters = backup is null ? ["-p", "maintenance_node=compute-1"] : ["-p", "maintenance_node=compute-1", "-p", "backup_node=" + backup];
        var audit = await env.CliJsonAsync(["audit", "create", "-a", template["UUID"]!.GetValue<string>(), "-t", "ONESHOT", .. parameters]);
        Assert.Equal("host_maintenance", audit["Strategy"]!.GetValue<string>());
        var plan = await PlanOfAsync(audit["UUID"]!.GetValue<string>());
        await StartAndWaitAsync(plan, "SUCCEEDED");
        Assert.Equal("SUCCEEDED", (await env.CliJsonAsync("actionplan", "show", plan))["State"]!.GetValue<string>());
        var actions = (await env.CliJsonAsync("action", "list", "--action-plan", plan)).AsArray();
        Assert.Equal(ids.Count, actions.Count(a => a!["Action"]?.GetValue<string>() == "migrate" && a["State"]?.GetValue<string>() == "SUCCEEDED"));

        var service = await mini.Nova.ComputeServiceAsync("compute-1");
        Assert.Equal("disabled", OpenStackCloud.Str(service, "status"));
        Assert.Equal("watcher_maintaining", OpenStackCloud.Str(service, "disabled_reason"));
        foreach (var id in ids)
        {
            var host = await mini.HostOfAsync(id);
            Assert.True(host is not null && host != "compute-1", $"server {id} is on {host}");
        }

        return plan;
    }

    private async Task<string> PlanOfAsync(string audit)
    {
        var state = await env.WaitForAsync($"/v1/audits/{audit}", "state", ["SUCCEEDED", "FAILED"], TimeSpan.FromMinutes(2));
        Assert.True(state == "SUCCEEDED", $"audit {audit} ended {state}:\n{env.HostLog}");
        var plans = (await env.CliJsonAsync("actionplan", "list", "--audit", audit)).AsArray();
        var plan = Assert.Single(plans)!;
        Assert.Equal("RECOMMENDED", plan["State"]!.GetValue<string>());
        return plan["UUID"]!.GetValue<string>();
    }

    /// <summary>Waits until the audit has a plan that <paramref name="match"/> accepts; returns its uuid.</summary>
    private async Task<string> WaitForPlanAsync(string audit, Func<JsonNode, bool> match)
    {
        var deadline = DateTime.UtcNow + PlanTimeout;
        while (true)
        {
            var (status, body) = await env.ApiAsync(HttpMethod.Get, $"/v1/action_plans/detail?audit_uuid={audit}", await AdminTokenAsync());
            Assert.Equal(HttpStatusCode.OK, status);
            if (body!["action_plans"]!.AsArray().FirstOrDefault(p => match(p!)) is { } plan)
            {
                return plan["uuid"]!.GetValue<string>();
            }

            Assert.True(DateTime.UtcNow < deadline, $"no such plan of audit {audit}: {body.ToJsonString()}\n{env.HostLog}");
            await Task.Delay(300);
        }
    }

    private async Task StartAndWaitAsync(string plan, string expected)
    {
        var started = await env.CliJsonAsync("actionplan", "start", plan);
        output.WriteLine($"actionplan start {plan}: {started["State"]}");
        var state = await env.WaitForAsync($"/v1/action_plans/{plan}", "state", ["SUCCEEDED", "FAILED", "CANCELLED"], PlanTimeout);
        Assert.True(state == expected, $"plan {plan} ended {state}: {await PlanAsync(plan)}\n{(await ActionsAsync(plan)).ToJsonString()}");
    }

    private async Task<string> PlanAsync(string plan) =>
        (await env.ApiAsync(HttpMethod.Get, $"/v1/action_plans/{plan}", await AdminTokenAsync())).Body?.ToJsonString() ?? "(none)";

    private async Task<JsonArray> ActionsAsync(string plan)
    {
        var (status, body) = await env.ApiAsync(HttpMethod.Get, $"/v1/actions/detail?action_plan_uuid={plan}", await AdminTokenAsync());
        Assert.Equal(HttpStatusCode.OK, status);
        return body!["actions"]!.AsArray();
    }

    private Task<string> AdminTokenAsync() => env.TokenAsync("admin", "admin");
}
