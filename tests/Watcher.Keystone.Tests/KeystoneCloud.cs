using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Watcher.Api.Auth;

namespace Watcher.Keystone.Tests;

/// <summary>
/// The mini OpenStack's Keystone (started through <see cref="MiniOpenStackFixture"/> only if it is not running) with a
/// project and three users of this run, uniquely named: a reader (Keystone role <c>reader</c>), an operator
/// (<c>member</c>) and an admin (<c>admin</c>). All are deleted at the end.
/// </summary>
public sealed class KeystoneCloud : IAsyncLifetime
{
    /// <summary>The mini OpenStack's Keystone v3 endpoint.</summary>
    public const string AuthUrl = "http://127.0.0.1:5000/v3";

    /// <summary>The cloud's admin user (admin role on project admin, domain Default).</summary>
    public const string AdminUser = "admin";

    /// <summary>The admin's password.</summary>
    public const string AdminPassword = "admin";

    /// <summary>The admin's project.</summary>
    public const string AdminProject = "admin";

    private readonly MiniOpenStackFixture cloud = new();
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<string> cleanup = [];
    private string adminToken = string.Empty;

    /// <summary>This run's suffix for every name it creates.</summary>
    public string Suffix { get; } = "wk" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The run's project.</summary>
    public string ProjectName => "watcher-auth-" + Suffix;

    /// <summary>The run's project id.</summary>
    public string ProjectId { get; private set; } = string.Empty;

    /// <summary>The users' password.</summary>
    public string Password { get; } = "pw-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>User names by the Watcher role they should map to.</summary>
    public Dictionary<WatcherRole, string> Users { get; } = [];

    /// <summary>Settings of the keystone mode with the cloud's admin as service user.</summary>
    public Dictionary<string, string?> Settings(int cacheSeconds = 60) => new()
    {
        ["Watcher:Auth:Mode"] = "keystone",
        ["Watcher:Auth:Keystone:AuthUrl"] = KeystoneCloud.AuthUrl,
        ["Watcher:Auth:Keystone:Username"] = KeystoneCloud.AdminUser,
        ["Watcher:Auth:Keystone:Password"] = KeystoneCloud.AdminPassword,
        ["Watcher:Auth:Keystone:ProjectName"] = KeystoneCloud.AdminProject,
        ["Watcher:Auth:Keystone:CacheSeconds"] = cacheSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await cloud.InitializeAsync();
        adminToken = await IssueAsync(KeystoneCloud.AdminUser, KeystoneCloud.AdminPassword, KeystoneCloud.AdminProject);
        var project = await AdminAsync(HttpMethod.Post, "projects", new JsonObject { ["project"] = new JsonObject { ["name"] = ProjectName, ["domain_id"] = "default" } });
        ProjectId = project!["project"]!["id"]!.GetValue<string>();
        cleanup.Add("projects/" + ProjectId);
        foreach (var (role, keystoneRole) in new[] { (WatcherRole.Reader, "reader"), (WatcherRole.Operator, "member"), (WatcherRole.Admin, "admin") })
        {
            var name = $"watcher-{keystoneRole}-{Suffix}";
            var user = await AdminAsync(HttpMethod.Post, "users", new JsonObject { ["user"] = new JsonObject { ["name"] = name, ["domain_id"] = "default", ["password"] = Password } });
            var userId = user!["user"]!["id"]!.GetValue<string>();
            cleanup.Insert(0, "users/" + userId);
            var roleId = (await AdminAsync(HttpMethod.Get, "roles?name=" + keystoneRole))!["roles"]!.AsArray().Single()!["id"]!.GetValue<string>();
            await AdminAsync(HttpMethod.Put, $"projects/{ProjectId}/users/{userId}/roles/{roleId}");
            Users[role] = name;
        }
    }

    /// <summary>A fresh token of the user mapped to <paramref name="role"/>, scoped to the run's project.</summary>
    public Task<string> TokenAsync(WatcherRole role) => IssueAsync(Users[role], Password, ProjectName);

    /// <summary>A call to Keystone's API as the cloud's admin; the created resource is deleted at the end when <paramref name="deleteLater"/> names it.</summary>
    public async Task<JsonNode?> AdminAsync(HttpMethod method, string path, JsonObject? body = null, Func<JsonNode?, string>? deleteLater = null)
    {
        using var request = new HttpRequestMessage(method, KeystoneCloud.AuthUrl + "/" + path);
        request.Headers.Add("X-Auth-Token", adminToken);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        var node = text.Length == 0 ? null : JsonNode.Parse(text);
        if (deleteLater is not null)
        {
            cleanup.Insert(0, deleteLater(node));
        }

        return node;
    }

    /// <summary>Revokes a token (Keystone's DELETE /v3/auth/tokens).</summary>
    public async Task RevokeAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, KeystoneCloud.AuthUrl + "/auth/tokens");
        request.Headers.Add("X-Auth-Token", adminToken);
        request.Headers.Add("X-Subject-Token", token);
        (await http.SendAsync(request)).EnsureSuccessStatusCode();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var path in cleanup)
        {
            if (path.StartsWith("projects/", StringComparison.Ordinal) || path.StartsWith("regions/", StringComparison.Ordinal) || path.StartsWith("services/", StringComparison.Ordinal) || path.StartsWith("endpoints/", StringComparison.Ordinal) || path.StartsWith("users/", StringComparison.Ordinal))
            {
                using var request = new HttpRequestMessage(HttpMethod.Delete, KeystoneCloud.AuthUrl + "/" + path);
                request.Headers.Add("X-Auth-Token", adminToken);
                using var _ = await http.SendAsync(request);
            }
        }

        http.Dispose();
        await cloud.DisposeAsync();
    }

    private async Task<string> IssueAsync(string user, string password, string project)
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
                ["scope"] = new JsonObject { ["project"] = new JsonObject { ["name"] = project, ["domain"] = new JsonObject { ["name"] = "Default" } } },
            },
        };
        using var response = await http.PostAsync(KeystoneCloud.AuthUrl + "/auth/tokens", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"Token for {user}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.GetValues("X-Subject-Token").Single();
    }
}
