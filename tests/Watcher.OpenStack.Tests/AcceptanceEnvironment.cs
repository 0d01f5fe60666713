using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Watcher.Testing;

namespace Watcher.OpenStack.Tests;

/// <summary>
/// What the acceptance tests run against, once for the class: Azurite, the local host as a child process (as an
/// operator runs it) with <c>Watcher:Cloud=openstack</c> on the mini OpenStack and <c>Watcher:Auth:Mode=keystone</c>,
/// and, in Keystone, the <c>infra-optim</c> service with a public endpoint to that host in a region of this run (as a
/// deployer registers Watcher) plus a user with only the <c>reader</c> role. Everything registered is removed at the end.
/// </summary>
public sealed class AcceptanceEnvironment : IAsyncLifetime
{
    /// <summary>Keystone's v3 endpoint.</summary>
    public const string AuthUrl = "http://127.0.0.1:5000/v3";

    /// <summary>Watcher's own CLI (Debian python3-watcherclient).</summary>
    public const string WatcherCli = "/usr/bin/watcher";

    private readonly AzuriteFixture _azurite = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly ConcurrentQueue<string> _log = new();
    private readonly List<string> _registered = [];
    private readonly string _suffix = "acc" + Guid.NewGuid().ToString("N")[..8];
    private Process? _host;
    private string _adminToken = string.Empty;

    /// <summary>The catalog region this run registered Watcher's endpoint in.</summary>
    public string Region => "watcher-" + _suffix;

    /// <summary>The reader user's name (Keystone role <c>reader</c> on project admin).</summary>
    public string ReaderUser => "watcher-reader-" + _suffix;

    /// <summary>The reader user's password.</summary>
    public string ReaderPassword { get; } = "pw-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The local host's API (a port not ending in 1: python-watcherclient strips trailing '1' and 'v' from a catalog endpoint).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>How long starting everything took.</summary>
    public TimeSpan StartTime { get; private set; }

    /// <summary>The last lines the host wrote, to explain a failure.</summary>
    public string HostLog => string.Join('\n', _log.TakeLast(80));

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var watch = Stopwatch.StartNew();
        await _azurite.InitializeAsync();
        _adminToken = await TokenAsync("admin", "admin");
        var port = Ports.Free();
        while (port % 10 == 1)
        {
            port = Ports.Free();
        }

        BaseUrl = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        await StartHostAsync();

        await KeystoneAsync(HttpMethod.Post, "regions", new JsonObject { ["region"] = new JsonObject { ["id"] = Region, ["description"] = "Watcher acceptance tests" } });
        _registered.Add("regions/" + Region);
        var service = await KeystoneAsync(HttpMethod.Post, "services", new JsonObject { ["service"] = new JsonObject { ["type"] = "infra-optim", ["name"] = "watcher-" + _suffix, ["description"] = "Watcher under acceptance test" } });
        var serviceId = service!["service"]!["id"]!.GetValue<string>();
        _registered.Insert(0, "services/" + serviceId);
        var endpoint = await KeystoneAsync(HttpMethod.Post, "endpoints", new JsonObject
        {
            ["endpoint"] = new JsonObject { ["service_id"] = serviceId, ["interface"] = "public", ["region_id"] = Region, ["url"] = BaseUrl },
        });
        _registered.Insert(0, "endpoints/" + endpoint!["endpoint"]!["id"]!.GetValue<string>());

        var user = await KeystoneAsync(HttpMethod.Post, "users", new JsonObject { ["user"] = new JsonObject { ["name"] = ReaderUser, ["domain_id"] = "default", ["password"] = ReaderPassword } });
        var userId = user!["user"]!["id"]!.GetValue<string>();
        _registered.Insert(0, "users/" + userId);
        var projectId = (await KeystoneAsync(HttpMethod.Get, "projects?name=admin"))!["projects"]!.AsArray().Single()!["id"]!.GetValue<string>();
        var roleId = (await KeystoneAsync(HttpMethod.Get, "roles?name=reader"))!["roles"]!.AsArray().Single()!["id"]!.GetValue<string>();
        await KeystoneAsync(HttpMethod.Put, $"projects/{projectId}/users/{userId}/roles/{roleId}");
        StartTime = watch.Elapsed;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        // ACCEPTANCE_HOST_LOG=<file> keeps the host's last lines for a look after the run.
        if (Environment.GetEnvironmentVariable("ACCEPTANCE_HOST_LOG") is { Length: > 0 } logFile)
        {
            await File.WriteAllLinesAsync(logFile, _log);
        }

        foreach (var path in _registered)
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, AuthUrl + "/" + path);
            request.Headers.Add("X-Auth-Token", _adminToken);
            using var _ = await _http.SendAsync(request);
        }

        if (_host is { HasExited: false })
        {
            _host.Kill(entireProcessTree: true);
            await _host.WaitForExitAsync();
        }

        _host?.Dispose();
        _http.Dispose();
        await _azurite.DisposeAsync();
    }

    /// <summary>A fresh project-scoped Keystone token of <paramref name="user"/> (project admin).</summary>
    public async Task<string> TokenAsync(string user, string password)
    {
        var body = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("password"),
                    ["password"] = new JsonObject { ["user"] = new JsonObject { ["name"] = user, ["domain"] = new JsonObject { ["name"] = "Default" }, ["password"] = password } },
                },
                ["scope"] = new JsonObject { ["project"] = new JsonObject { ["name"] = "admin", ["domain"] = new JsonObject { ["name"] = "Default" } } },
            },
        };
        using var response = await _http.PostAsync(new Uri(AuthUrl + "/auth/tokens"), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"Token for {user}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.GetValues("X-Subject-Token").Single();
    }

    /// <summary>A call to Watcher's API with <paramref name="token"/> as <c>X-Auth-Token</c> (none when null), at the newest microversion.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> ApiAsync(HttpMethod method, string path, string? token, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, BaseUrl + path);
        request.Headers.Add("OpenStack-API-Version", "infra-optim latest");
        if (token is not null)
        {
            request.Headers.Add("X-Auth-Token", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? node = null;
        if (text.Length > 0)
        {
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                node = JsonValue.Create(text);
            }
        }

        return (response.StatusCode, node);
    }

    /// <summary>Runs Watcher's CLI as <paramref name="user"/>, which finds the API in the catalog (this run's region).</summary>
    public async Task<(int Exit, string Stdout, string Stderr)> CliAsync(string user, string password, params string[] command)
    {
        var start = new ProcessStartInfo(WatcherCli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[
            "--os-auth-url", AuthUrl, "--os-username", user, "--os-password", password, "--os-project-name", "admin",
            "--os-user-domain-name", "Default", "--os-project-domain-name", "Default", "--os-region-name", Region, .. command])
        {
            start.ArgumentList.Add(argument);
        }

        // Only the arguments count: an OS_* variable of whoever runs the tests must not leak in.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + WatcherCli);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs the CLI as the cloud's admin with <c>-f json</c> and returns its parsed output; fails the test on a non-zero exit.</summary>
    public async Task<JsonNode> CliJsonAsync(params string[] command)
    {
        var (exit, stdout, stderr) = await CliAsync("admin", "admin", [.. command, "-f", "json"]);
        Assert.True(exit == 0, $"watcher {string.Join(' ', command)} exited {exit}:\n{stdout}\n{stderr}\n--- host log ---\n{HostLog}");
        return JsonNode.Parse(stdout)!;
    }

    /// <summary>Polls a resource of the API as the admin until <paramref name="field"/> is one of <paramref name="values"/>.</summary>
    public async Task<string> WaitForAsync(string path, string field, IReadOnlyCollection<string> values, TimeSpan timeout)
    {
        var token = await TokenAsync("admin", "admin");
        var deadline = DateTime.UtcNow + timeout;
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var (status, body) = await ApiAsync(HttpMethod.Get, path, token);
            Assert.True(status == HttpStatusCode.OK, $"GET {path}: {(int)status} {body?.ToJsonString()}");
            last = body![field]?.GetValue<string>();
            if (last is not null && values.Contains(last))
            {
                return last;
            }

            await Task.Delay(300);
        }

        throw new TimeoutException($"{path} {field} was still '{last}' after {timeout}; wanted one of {string.Join(", ", values)}.\n{HostLog}");
    }

    private async Task StartHostAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[
            HostDll,
            $"--Watcher:StorageConnectionString={_azurite.ConnectionString}",
            $"--Watcher:Container=c{id}",
            $"--Watcher:TaskHub=h{id}",
            $"--Watcher:Local:Url={BaseUrl}",
            $"--Watcher:Local:SidecarPort={Ports.Free().ToString(CultureInfo.InvariantCulture)}",
            "--Watcher:Local:VisibilityTimeoutSeconds=60",
            "--Watcher:Cloud=openstack",
            $"--Watcher:OpenStack:AuthUrl={AuthUrl}",
            "--Watcher:OpenStack:Username=admin",
            "--Watcher:OpenStack:Password=admin",
            "--Watcher:OpenStack:ProjectName=admin",
            "--Watcher:OpenStack:Region=RegionOne",
            // The fake driver finishes an operation in 1-3 s: poll tighter than production so the suite stays short.
            "--Watcher:OpenStack:MinPollInterval=00:00:00.100",
            "--Watcher:OpenStack:MaxPollInterval=00:00:00.500",
            "--Watcher:Auth:Mode=keystone",
            $"--Watcher:Auth:Keystone:AuthUrl={AuthUrl}",
            "--Watcher:Auth:Keystone:Username=admin",
            "--Watcher:Auth:Keystone:Password=admin",
            "--Watcher:Auth:Keystone:ProjectName=admin",
            // Automatic returns are checked every 2 s (only audits with auto_return take part).
            "--Watcher:ReturnCheckSeconds=2",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Watcher=Information",
            "--Logging:LogLevel:DurableTask.AzureStorage=Error",
            "--Logging:LogLevel:DurableTask.Core=Error",
        ])
        {
            start.ArgumentList.Add(arg);
        }

        _host = Process.Start(start) ?? throw new InvalidOperationException("Could not start the local host.");
        _host.OutputDataReceived += (_, e) => Keep(e.Data);
        _host.ErrorDataReceived += (_, e) => Keep(e.Data);
        _host.BeginOutputReadLine();
        _host.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_host.HasExited)
            {
                throw new InvalidOperationException($"The local host exited with {_host.ExitCode}:\n{HostLog}");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri(BaseUrl + "/health"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(300);
        }

        throw new TimeoutException("The local host did not become healthy:\n" + HostLog);
    }

    private static string HostDll
    {
        get
        {
            // Same configuration (Debug/Release) as this test assembly: .../bin/{Configuration}/net10.0/
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var path = RepoPaths.Combine("hosts", "Watcher.LocalHost", "bin", configuration, "net10.0", "Watcher.LocalHost.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build the local host first.", path);
        }
    }

    private async Task<JsonNode?> KeystoneAsync(HttpMethod method, string path, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, AuthUrl + "/" + path);
        request.Headers.Add("X-Auth-Token", _adminToken);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > 500 && _log.TryDequeue(out _))
        {
        }
    }
}
