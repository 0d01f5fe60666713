using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Watcher.Integration.Tests;

/// <summary>
/// OpenStack Watcher's own CLI (Debian python3-watcherclient 4.0.0, <c>/usr/bin/watcher</c>) against the local host,
/// without Keystone (<c>--os-endpoint-override</c>): catalog, audit templates (and their update), audits (and their
/// update), action plans, actions (and skipping one), services, scoring engines, the data model by audit, errors.
/// CI installs the package; if it is missing these tests fail rather than skip.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WatcherClientTests(AzuriteFixture azurite) : IAsyncLifetime
{
    public const string WatcherCli = "/usr/bin/watcher";

    private ChildProcessHost? _host;

    private WatcherTestClient Http => _host!.Client;

    public async Task InitializeAsync() =>
        _host = await ChildProcessHost.StartAsync(new HostSettings(azurite.ConnectionString) { ApiPort = PortNotEndingIn1() });

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task GoalList_ShowsWatcherGoals()
    {
        var goals = (await WatcherJsonAsync("goal", "list")).AsArray();

        var names = goals.Select(g => g!["Name"]!.GetValue<string>()).ToList();
        Assert.Contains("cluster_maintaining", names);
        Assert.Contains("dummy", names);
        Assert.Equal("Dummy goal", goals.Single(g => g!["Name"]!.GetValue<string>() == "dummy")!["Display name"]!.GetValue<string>());
        var dummy = await WatcherJsonAsync("goal", "show", "dummy");
        Assert.Empty(dummy["Efficacy specification"]!.AsArray());
    }

    [Fact]
    public async Task StrategyListAndShow_HostMaintenance_ShowsGoalAndParameters()
    {
        var strategies = (await WatcherJsonAsync("strategy", "list", "--goal", "cluster_maintaining")).AsArray();
        Assert.Equal("host_maintenance", Assert.Single(strategies)!["Name"]!.GetValue<string>());

        var strategy = await WatcherJsonAsync("strategy", "show", "host_maintenance");

        Assert.Equal("cluster_maintaining", strategy["Goal"]!.GetValue<string>());
        // The CLI prints parameters_spec["properties"] as an indented JSON string.
        var parameters = JsonNode.Parse(strategy["Parameters spec"]!.GetValue<string>())!.AsObject();
        Assert.Equal("string", parameters["maintenance_node"]!["type"]!.GetValue<string>());
        Assert.True(parameters.ContainsKey("backup_node"), parameters.ToJsonString());
    }

    [Fact]
    public async Task HostMaintenance_AuditPlanStart_MigratesEveryInstanceOffTheNode()
    {
        var rows = (await WatcherJsonAsync("datamodel", "list")).AsArray();
        var node = rows.Where(r => r!["Server UUID"] is not null)
            .GroupBy(r => r!["Node Host Name"]!.GetValue<string>())
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .First().Key;

        var audit = await WatcherJsonAsync("audit", "create", "-t", "ONESHOT", "-g", "cluster_maintaining", "-s", "host_maintenance", "-p", $"maintenance_node={node}");
        var auditUuid = audit["UUID"]!.GetValue<string>();
        Assert.Equal("host_maintenance", audit["Strategy"]!.GetValue<string>());
        Assert.Equal(node, audit["Parameters"]!["maintenance_node"]!.GetValue<string>());
        await Http.WaitForAsync($"/v1/audits/{auditUuid}", "state", ["SUCCEEDED", "FAILED"], TimeSpan.FromSeconds(60));
        Assert.Equal("SUCCEEDED", (await WatcherJsonAsync("audit", "show", auditUuid))["State"]!.GetValue<string>());
        Assert.Contains((await WatcherJsonAsync("audit", "list")).AsArray(), a => a!["UUID"]!.GetValue<string>() == auditUuid);

        var plan = Assert.Single((await WatcherJsonAsync("actionplan", "list", "--audit", auditUuid)).AsArray())!;
        var planUuid = plan["UUID"]!.GetValue<string>();
        Assert.Equal("RECOMMENDED", plan["State"]!.GetValue<string>());
        Assert.Equal("host_maintenance", (await WatcherJsonAsync("actionplan", "show", planUuid))["Strategy"]!.GetValue<string>());

        var started = await WatcherJsonAsync("actionplan", "start", planUuid);
        Assert.Contains(started["State"]!.GetValue<string>(), new[] { "PENDING", "ONGOING", "SUCCEEDED" });
        await Http.WaitForPlanAsync(planUuid, "SUCCEEDED", "FAILED", "CANCELLED");
        Assert.Equal("SUCCEEDED", (await WatcherJsonAsync("actionplan", "show", planUuid))["State"]!.GetValue<string>());

        var actions = (await WatcherJsonAsync("action", "list", "--action-plan", planUuid)).AsArray();
        var migrations = actions.Where(a => a!["Action"]!.GetValue<string>() == "migrate").ToList();
        Assert.NotEmpty(migrations);
        Assert.All(actions, a => Assert.Equal("SUCCEEDED", a!["State"]!.GetValue<string>()));
        Assert.Contains(actions, a => a!["Action"]!.GetValue<string>() == "change_nova_service_state");
        var migration = await WatcherJsonAsync("action", "show", migrations[0]!["UUID"]!.GetValue<string>());
        Assert.Equal(node, migration["Parameters"]!["source_node"]!.GetValue<string>());
        Assert.Equal(planUuid, migration["Action Plan"]!.GetValue<string>());

        var after = (await WatcherJsonAsync("datamodel", "list")).AsArray();
        Assert.DoesNotContain(after, r => r!["Server UUID"] is not null && r["Node Host Name"]!.GetValue<string>() == node);
    }

    [Fact]
    public async Task AuditTemplate_AuditFromTemplate_PlanCancelled()
    {
        var template = await WatcherJsonAsync("audittemplate", "create", "nightly", "dummy", "-s", "dummy", "-d", "client test");
        Assert.Equal("dummy", template["Strategy"]!.GetValue<string>());
        Assert.Equal("nightly", (await WatcherJsonAsync("audittemplate", "show", "nightly"))["Name"]!.GetValue<string>());
        Assert.Single((await WatcherJsonAsync("audittemplate", "list", "--goal", "dummy")).AsArray());

        var audit = await WatcherJsonAsync("audit", "create", "-a", "nightly");
        var auditUuid = audit["UUID"]!.GetValue<string>();
        Assert.Equal("dummy", audit["Goal"]!.GetValue<string>());
        await Http.WaitForAsync($"/v1/audits/{auditUuid}", "state", ["SUCCEEDED", "FAILED"], TimeSpan.FromSeconds(60));
        Assert.Single((await WatcherJsonAsync("audit", "list", "--goal", "dummy", "--sort-key", "goal_name")).AsArray());

        var plan = Assert.Single((await WatcherJsonAsync("actionplan", "list", "--audit", auditUuid)).AsArray())!["UUID"]!.GetValue<string>();
        var cancelled = await WatcherJsonAsync("actionplan", "cancel", plan);

        Assert.Equal("CANCELLED", cancelled["State"]!.GetValue<string>());
        var actions = (await WatcherJsonAsync("action", "list", "--action-plan", plan)).AsArray();
        Assert.Equal(["nop", "nop", "sleep"], actions.Select(a => a!["Action"]!.GetValue<string>()).ToArray());
    }

    [Fact]
    public async Task AuditCreate_UnknownGoal_FailsWithOurErrorMessage()
    {
        var (exit, stdout, stderr) = await RunWatcherAsync("audit", "create", "-g", "world_peace", "-f", "json");

        Assert.True(exit != 0, $"Expected a non-zero exit; got 0 with:\n{stdout}");
        Assert.Contains("Goal 'world_peace' does not exist", stderr, StringComparison.Ordinal);
        Assert.Contains("HTTP 400", stderr, StringComparison.Ordinal);
        Assert.Empty((await WatcherJsonAsync("audit", "list")).AsArray());
    }

    [Fact]
    public async Task AuditTemplateUpdate_NameAndDescription_ShownByShow()
    {
        await WatcherJsonAsync("audittemplate", "create", "nightly", "dummy", "-s", "dummy", "-d", "before");

        var updated = await WatcherJsonAsync("audittemplate", "update", "nightly", "replace", "description=after", "name=weekly");

        Assert.Equal("weekly", updated["Name"]!.GetValue<string>());
        var shown = await WatcherJsonAsync("audittemplate", "show", "weekly");
        Assert.Equal("after", shown["Description"]!.GetValue<string>());
        Assert.Equal("dummy", shown["Strategy"]!.GetValue<string>());
        var (exit, _, stderr) = await RunWatcherAsync("audittemplate", "update", "weekly", "replace", "strategy=basic", "-f", "json");
        Assert.True(exit != 0, "A strategy of another goal must be refused.");
        Assert.Contains("HTTP 400", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditUpdate_IntervalAndName_ShownByShow()
    {
        var audit = await WatcherJsonAsync("audit", "create", "-t", "CONTINUOUS", "-g", "dummy", "-i", "3600", "--name", "every-hour");
        var uuid = audit["UUID"]!.GetValue<string>();

        await WatcherJsonAsync("audit", "update", uuid, "replace", "interval=7200", "name=every-two-hours");

        var shown = await WatcherJsonAsync("audit", "show", "every-two-hours");
        Assert.Equal(uuid, shown["UUID"]!.GetValue<string>());
        Assert.Equal("7200", shown["Interval"]!.ToString());
        var (exit, _, stderr) = await RunWatcherAsync("audit", "update", uuid, "replace", "interval=not-a-cron", "-f", "json");
        Assert.True(exit != 0, "An invalid interval must be refused.");
        Assert.Contains("not-a-cron", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceShow_AndScoringEngineShow_FollowWatcher()
    {
        var service = await WatcherJsonAsync("service", "show", "watcher-applier");
        Assert.Equal("watcher-applier", service["Name"]!.GetValue<string>());
        Assert.Equal("ACTIVE", service["Status"]!.GetValue<string>());
        Assert.Equal("watcher-api", (await WatcherJsonAsync("service", "show", "1"))["Name"]!.GetValue<string>());

        var (exit, stdout, stderr) = await RunWatcherAsync("scoringengine", "show", "dummy_scorer", "-f", "json");
        Assert.True(exit != 0, $"No scoring engine exists, so show must fail; got 0 with:\n{stdout}");
        Assert.Contains("ScoringEngine dummy_scorer could not be found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatamodelListByAudit_HonoursScope_AndActionSkipped_WithReason()
    {
        var rows = (await WatcherJsonAsync("datamodel", "list")).AsArray();
        var excluded = rows.Select(r => r!["Node Host Name"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal).First();
        var template = await Http.PostAsync("/v1/audit_templates", $$"""
            {"name": "scoped", "goal": "dummy", "strategy": "dummy",
             "scope": [{"compute": [{"exclude": [{"compute_nodes": [{"name": "{{excluded}}"}]}]}]}]}
            """, System.Net.HttpStatusCode.Created);
        var audit = await WatcherJsonAsync("audit", "create", "-a", template["uuid"]!.GetValue<string>());
        var auditUuid = audit["UUID"]!.GetValue<string>();
        await Http.WaitForAsync($"/v1/audits/{auditUuid}", "state", ["SUCCEEDED", "FAILED"], TimeSpan.FromSeconds(60));

        var scoped = (await WatcherJsonAsync("datamodel", "list", "--audit", auditUuid)).AsArray();
        Assert.NotEmpty(scoped);
        Assert.DoesNotContain(scoped, r => r!["Node Host Name"]!.GetValue<string>() == excluded);

        // python-watcherclient 4.0.0 (Debian) predates `action update` (microversion 1.5): drive the same PATCH through
        // its library at 1.5, as the newer CLI's `action update --state SKIPPED --reason` does.
        var plan = Assert.Single((await WatcherJsonAsync("actionplan", "list", "--audit", auditUuid)).AsArray())!["UUID"]!.GetValue<string>();
        var action = (await WatcherJsonAsync("action", "list", "--action-plan", plan)).AsArray()[0]!["UUID"]!.GetValue<string>();
        var (exit, stdout, stderr) = await RunPythonAsync("""
            import json, sys
            from watcherclient.v1 import client
            c = client.Client(endpoint=sys.argv[1], os_infra_optim_api_version='1.5')
            patch = [{'op': 'replace', 'path': '/state', 'value': 'SKIPPED'},
                     {'op': 'replace', 'path': '/status_message', 'value': sys.argv[3]}]
            print(json.dumps(c.action._update('/v1/actions/' + sys.argv[2], patch).to_dict()))
            """, _host!.Settings.BaseUrl, action, "maintenance window closed");
        Assert.True(exit == 0, $"{stderr}\n{stdout}");
        Assert.Equal("SKIPPED", JsonNode.Parse(stdout)!["state"]!.GetValue<string>());
        Assert.Equal("SKIPPED", (await WatcherJsonAsync("action", "show", action))["State"]!.GetValue<string>());
        Assert.Equal("maintenance window closed", (await Http.GetAsync($"/v1/actions/{action}"))["status_message"]!.GetValue<string>());
    }

    /// <summary>Runs the CLI with <c>-f json</c>, asserts it succeeded and returns its parsed output.</summary>
    private async Task<JsonNode> WatcherJsonAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await RunWatcherAsync([.. args, "-f", "json"]);
        Assert.True(exit == 0, $"watcher {string.Join(' ', args)} exited {exit}:\n{stderr}\n{stdout}\n--- host log ---\n{Http.LogSource?.Invoke()}");
        return JsonNode.Parse(stdout) ?? throw new InvalidOperationException($"watcher {string.Join(' ', args)} printed no JSON.");
    }

    private async Task<(int Exit, string Stdout, string Stderr)> RunWatcherAsync(params string[] args)
    {
        Assert.True(File.Exists(WatcherCli), $"{WatcherCli} is missing: install OpenStack Watcher's client with 'apt-get install -y python3-watcherclient' (.ci/run does).");
        var start = new ProcessStartInfo(WatcherCli)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("--os-endpoint-override");
        start.ArgumentList.Add(_host!.Settings.BaseUrl);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Only the endpoint override: no cloud config or Keystone settings from the environment, no foreign Python path.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OS_", StringComparison.Ordinal) || k is "PYTHONPATH" or "PYTHONHOME").ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {WatcherCli}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"watcher {string.Join(' ', args)} did not finish within 60 s.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a Python snippet with Debian's interpreter (which has python3-watcherclient) and the given arguments.</summary>
    private static async Task<(int Exit, string Stdout, string Stderr)> RunPythonAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("PYTHONPATH");
        start.Environment.Remove("PYTHONHOME");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start /usr/bin/python3.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>python-watcherclient 4.0.0 strips trailing '/', 'v' and '1' characters from the endpoint, so the port must not end in 1.</summary>
    private static int PortNotEndingIn1()
    {
        while (true)
        {
            var port = Ports.Free();
            if (port % 10 != 1)
            {
                return port;
            }
        }
    }
}
