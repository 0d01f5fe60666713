using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Watcher.Integration.Tests;

/// <summary>A small client of Watcher's HTTP API for tests: raw calls plus "wait until" helpers.</summary>
public sealed class WatcherTestClient(string baseUrl) : IDisposable
{
    /// <summary>Where the host's log can be read, to explain a failure.</summary>
    public Func<string>? LogSource { get; set; }

    // The newest microversion, so every field and route is served (without the header Watcher answers as 1.0).
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60), DefaultRequestHeaders = { { "OpenStack-API-Version", "infra-optim latest" } } };

    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        HttpResponseMessage sent;
        try
        {
            sent = await _http.SendAsync(request);
        }
        catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
        {
            // The host did not answer in time: say which request, with the host's log to tell where it stalled.
            throw new TimeoutException($"{method} {path} got no answer within {_http.Timeout.TotalSeconds:F0} s.\n{LogSource?.Invoke()}", ex);
        }

        using var response = sent;
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text));
    }

    public async Task<JsonNode> GetAsync(string path)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, path);
        Assert.True(status == HttpStatusCode.OK, $"GET {path} returned {(int)status}: {body?.ToJsonString()}");
        return body!;
    }

    public async Task<JsonNode> PostAsync(string path, string json, HttpStatusCode expected)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, path, json);
        Assert.True(status == expected, $"POST {path} returned {(int)status}, expected {(int)expected}: {body?.ToJsonString()}\n{LogSource?.Invoke()}");
        return body!;
    }

    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await _http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The host did not become healthy.");
    }

    /// <summary>Creates a one-shot audit and returns the uuid of the plan it produced, once the audit has SUCCEEDED.</summary>
    public async Task<string> AuditToPlanAsync(string goal, string strategy, JsonObject parameters, TimeSpan? timeout = null)
    {
        var body = new JsonObject { ["audit_type"] = "ONESHOT", ["goal"] = goal, ["strategy"] = strategy, ["parameters"] = parameters };
        var audit = await PostAsync("/v1/audits", body.ToJsonString(), HttpStatusCode.Created);
        var uuid = audit["uuid"]!.GetValue<string>();
        var state = await WaitForAsync($"/v1/audits/{uuid}", "state", ["SUCCEEDED", "FAILED"], timeout ?? TimeSpan.FromSeconds(60));
        Assert.True(state == "SUCCEEDED", $"Audit ended {state}: {(await GetAsync($"/v1/audits/{uuid}")).ToJsonString()}");
        var plans = await GetAsync($"/v1/action_plans?audit_uuid={uuid}");
        return plans["action_plans"]!.AsArray().Single()!["uuid"]!.GetValue<string>();
    }

    /// <summary>Polls a resource until <paramref name="field"/> takes one of <paramref name="values"/>; returns it.</summary>
    public async Task<string> WaitForAsync(string path, string field, IReadOnlyCollection<string> values, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var node = await GetAsync(path);
            last = node[field]?.GetValue<string>();
            if (last is not null && values.Contains(last))
            {
                return last;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{path} {field} was still '{last}' after {timeout}; wanted one of {string.Join(", ", values)}.");
    }

    /// <summary>Polls an orchestration until it has ended (Completed, Failed or Terminated); returns its runtime status.</summary>
    public Task<string> WaitForOrchestrationEndAsync(string instanceId, TimeSpan? timeout = null) =>
        WaitForAsync($"/v1/orchestrations/{instanceId}", "runtime_status", ["Completed", "Failed", "Terminated"], timeout ?? TimeSpan.FromSeconds(60));

    public Task<string> WaitForPlanAsync(string plan, params string[] states) =>
        WaitForAsync($"/v1/action_plans/{plan}", "state", states, TimeSpan.FromSeconds(120));

    /// <summary>The cluster in the snapshot format, for exact before/after comparisons.</summary>
    public async Task<string> SnapshotAsync() => (await GetAsync("/v1/cluster_snapshot")).ToJsonString();

    public async Task<JsonArray> ActionsAsync(string plan) =>
        (await GetAsync($"/v1/actions/detail?action_plan_uuid={plan}"))["actions"]!.AsArray();

    public Task SetFaultsAsync(string faultsJson) =>
        PutAsync("/v1/simulator/faults", $"{{\"faults\": {faultsJson}}}");

    private async Task PutAsync(string path, string json)
    {
        var (status, body) = await SendAsync(HttpMethod.Put, path, json);
        Assert.True(status == HttpStatusCode.OK, $"PUT {path} returned {(int)status}: {body?.ToJsonString()}");
    }

    public void Dispose() => _http.Dispose();
}
