using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Watcher.Api.Tests;

/// <summary>
/// The web hardening of <see cref="WatcherApi.InvokeAsync"/> (docs/security.md "Web hardening"), on the in-memory host:
/// each control refuses what it must with Watcher's error body naming the problem, and lets the ordinary request through.
/// </summary>
public sealed class WebHardeningTests
{
    private const string Template = "/v1/audit_templates";

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "name=t&goal=dummy")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nt\r\n--x--\r\n")]
    [InlineData("text/plain", "{\"name\": \"t\", \"goal\": \"dummy\"}")]
    [InlineData("application/json; charset=iso-8859-1", "{\"name\": \"t\", \"goal\": \"dummy\"}")]
    public async Task Post_BodyNotJson_415NamingContentType(string contentType, string body)
    {
        await using var host = await ApiTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, Template) { Content = new StringContent(body) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        var (status, error) = await SendAsync(host, request);

        Assert.Equal(415, status);
        Assert.Contains("Content-Type", ApiTestHost.Fault(error), StringComparison.Ordinal);
        Assert.Empty((await host.GetOkAsync(Template))["audit_templates"]!.AsArray());
    }

    [Fact]
    public async Task Post_BodyWithoutContentType_415()
    {
        await using var host = await ApiTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, Template) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"name\": \"t\", \"goal\": \"dummy\"}")) };

        var (status, error) = await SendAsync(host, request);

        Assert.Equal(415, status);
        Assert.Contains("no Content-Type", ApiTestHost.Fault(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_JsonPatchMediaTypeAndJsonWithCharset_Accepted()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.CreateAsync(Template, new JsonObject { ["name"] = "t1", ["goal"] = "dummy" });
        using var request = new HttpRequestMessage(HttpMethod.Patch, Template + "/t1")
        {
            Content = new StringContent("[{\"op\": \"replace\", \"path\": \"/description\", \"value\": \"d\"}]", Encoding.UTF8, "application/json-patch+json"),
        };

        var (status, body) = await SendAsync(host, request);

        Assert.True(status == 200, $"{status} {body?.ToJsonString()}");
        using var post = new HttpRequestMessage(HttpMethod.Post, Template) { Content = new StringContent("{\"name\": \"t2\", \"goal\": \"dummy\"}", Encoding.UTF8, "application/json") };
        Assert.Equal("application/json; charset=utf-8", post.Content.Headers.ContentType!.ToString());
        Assert.Equal(201, (await SendAsync(host, post)).Status);
    }

    [Fact]
    public async Task Post_CrossSiteOrigin_403NamingOrigin()
    {
        await using var host = await ApiTestHost.StartAsync();
        using var request = JsonPost(Template, new JsonObject { ["name"] = "t", ["goal"] = "dummy" });
        request.Headers.Add("Origin", "https://evil.example");

        var (status, error) = await SendAsync(host, request);

        Assert.Equal(403, status);
        Assert.Contains("Origin 'https://evil.example'", ApiTestHost.Fault(error), StringComparison.Ordinal);
        Assert.Empty((await host.GetOkAsync(Template))["audit_templates"]!.AsArray());
    }

    [Fact]
    public async Task Post_OwnOrigin_Accepted()
    {
        await using var host = await ApiTestHost.StartAsync();
        using var request = JsonPost(Template, new JsonObject { ["name"] = "t", ["goal"] = "dummy" });
        request.Headers.Add("Origin", "http://localhost");

        Assert.Equal(201, (await SendAsync(host, request)).Status);
    }

    [Fact]
    public async Task Get_HostNotAllowed_400NamingHost()
    {
        await using var host = await ApiTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/goals");
        request.Headers.Host = "rebound.example:7071";

        var (status, error) = await SendAsync(host, request);

        Assert.Equal(400, status);
        Assert.Contains("Host 'rebound.example:7071' is not allowed", ApiTestHost.Fault(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AllowedHostsConfigured_ServesThoseAndLinksFromTheHost()
    {
        await using var host = await ApiTestHost.StartAsync(configure: Settings(("Watcher:Http:AllowedHosts:0", "*.example.com")));
        using var allowed = new HttpRequestMessage(HttpMethod.Get, "/v1/goals?limit=1");
        allowed.Headers.Host = "watcher.example.com";
        using var loopback = new HttpRequestMessage(HttpMethod.Get, "/v1/goals");

        var (status, body) = await SendAsync(host, allowed);

        Assert.Equal(200, status);
        Assert.StartsWith("http://watcher.example.com/v1/goals?", body!["next"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(400, (await SendAsync(host, loopback)).Status);
    }

    [Fact]
    public async Task Get_PublicBaseUrl_LinksIgnoreHostAndForwardedHeaders()
    {
        await using var host = await ApiTestHost.StartAsync(configure: Settings(("Watcher:Http:PublicBaseUrl", "https://watcher.example.com/")));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/goals?limit=1");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "http");

        var (status, body) = await SendAsync(host, request);

        Assert.Equal(200, status);
        Assert.StartsWith("https://watcher.example.com/v1/goals?", body!["next"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(body["goals"]!.AsArray(), g => Assert.StartsWith("https://watcher.example.com/", g!["links"]![0]!["href"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/v1/goals", 200)]
    [InlineData("/v1/nothing-here", 404)]
    [InlineData("/v1/audits/00000000-0000-4000-8000-000000000000", 404)]
    public async Task AnyResponse_CarriesSecurityHeaders(string path, int expected)
    {
        await using var host = await ApiTestHost.StartAsync();

        var (status, _, response) = await host.SendAsync(HttpMethod.Get, path);

        Assert.Equal(expected, status);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Equal("no-store", Header(response, "Cache-Control"));
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dashboard_StrictPolicyWithoutInlineScript()
    {
        await using var host = await ApiTestHost.StartAsync();

        var response = await host.Client.GetAsync(new Uri("/ui", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task Preflight_CorsOff_403WithoutGrant()
    {
        await using var host = await ApiTestHost.StartAsync();
        using var request = Preflight("https://portal.example.com", "POST");

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.Ordinal));
        Assert.Contains("CORS is off", ApiTestHost.Fault(JsonNode.Parse(await response.Content.ReadAsStringAsync())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cors_ConfiguredOrigin_GrantedExactlyThatOrigin()
    {
        await using var host = await ApiTestHost.StartAsync(configure: Settings(("Watcher:Http:CorsOrigins:0", "https://portal.example.com")));
        using var preflight = Preflight("https://portal.example.com", "POST");
        using var other = Preflight("https://evil.example", "POST");
        using var get = new HttpRequestMessage(HttpMethod.Get, "/v1/goals");
        get.Headers.Add("Origin", "https://portal.example.com");
        using var post = JsonPost(Template, new JsonObject { ["name"] = "t", ["goal"] = "dummy" });
        post.Headers.Add("Origin", "https://portal.example.com");

        var granted = await host.Client.SendAsync(preflight);
        var refused = await host.Client.SendAsync(other);
        var read = await host.Client.SendAsync(get);

        Assert.Equal(HttpStatusCode.NoContent, granted.StatusCode);
        Assert.Equal("https://portal.example.com", Header(granted, "Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(refused.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.Ordinal));
        Assert.Equal("https://portal.example.com", Header(read, "Access-Control-Allow-Origin"));
        Assert.Equal(201, (await SendAsync(host, post)).Status);
    }

    [Fact]
    public async Task Mutations_OverBudget_429WithRetryAfter_ReadsUnaffected()
    {
        await using var host = await ApiTestHost.StartAsync(configure: Settings(("Watcher:Http:MutationsPerMinute", "2")));

        var first = await host.SendAsync(HttpMethod.Post, Template, new JsonObject { ["name"] = "t1", ["goal"] = "dummy" });
        var second = await host.SendAsync(HttpMethod.Post, Template, new JsonObject { ["name"] = "t2", ["goal"] = "dummy" });
        var third = await host.SendAsync(HttpMethod.Post, Template, new JsonObject { ["name"] = "t3", ["goal"] = "dummy" });

        Assert.Equal([201, 201, 429], new[] { first.Status, second.Status, third.Status });
        Assert.Contains("Watcher:Http:MutationsPerMinute", ApiTestHost.Fault(third.Body), StringComparison.Ordinal);
        Assert.True(int.TryParse(Header(third.Response, "Retry-After"), out var retry) && retry >= 1, Header(third.Response, "Retry-After"));
        Assert.Equal(2, (await host.GetOkAsync(Template))["audit_templates"]!.AsArray().Count);
    }

    [Fact]
    public async Task Reads_BudgetPerIdentity_OneCallerSpendsOnlyItsOwn()
    {
        await using var host = await ApiTestHost.StartAsync(configure: b =>
        {
            var settings = new Dictionary<string, string?> { ["Watcher:Auth:Mode"] = "api_key", ["Watcher:Http:ReadsPerMinute"] = "3" };
            foreach (var (i, name) in new[] { (0, "alice"), (1, "bob") })
            {
                settings[$"Watcher:Auth:ApiKeys:{i}:Name"] = name;
                settings[$"Watcher:Auth:ApiKeys:{i}:Role"] = "reader";
                settings[$"Watcher:Auth:ApiKeys:{i}:Sha256"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name + "-key")));
            }

            b.Configuration.AddInMemoryCollection(settings);
        });

        var alice = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            alice.Add(await GetWithKeyAsync(host, "alice-key"));
        }

        var bob = await GetWithKeyAsync(host, "bob-key");

        Assert.Equal([200, 200, 200, 429], alice);
        Assert.Equal(200, bob);
    }

    [Fact]
    public async Task Reads_LimitZero_NeverThrottled()
    {
        await using var host = await ApiTestHost.StartAsync(configure: Settings(("Watcher:Http:ReadsPerMinute", "0")));

        for (var i = 0; i < 50; i++)
        {
            await host.GetOkAsync("/v1/goals");
        }
    }

    [Theory]
    [InlineData("name", 64, "MaxNameLength")]
    [InlineData("description", 256, "MaxDescriptionLength")]
    public async Task CreateTemplate_StringOverLimit_400NamingLimit(string field, int length, string setting)
    {
        await using var host = await ApiTestHost.StartAsync();
        var body = new JsonObject { ["name"] = "t", ["goal"] = "dummy", [field] = new string('x', length) };

        var (status, error, _) = await host.SendAsync(HttpMethod.Post, Template, body);

        Assert.Equal(400, status);
        Assert.Contains($"'{field}' is {length} characters", ApiTestHost.Fault(error), StringComparison.Ordinal);
        Assert.Contains(setting, ApiTestHost.Fault(error), StringComparison.Ordinal);
        Assert.Empty((await host.GetOkAsync(Template))["audit_templates"]!.AsArray());
    }

    [Fact]
    public async Task PatchTemplate_NameOverLimit_400()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.CreateAsync(Template, new JsonObject { ["name"] = "t1", ["goal"] = "dummy" });

        var (status, error, _) = await host.SendAsync(HttpMethod.Patch, Template + "/t1", new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/name", ["value"] = new string('n', 100) }));
        var (huge, hugeError, _) = await host.SendAsync(HttpMethod.Patch, Template + "/t1", new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/name", ["value"] = new string('n', 300_000) }));

        Assert.Equal(400, status);
        Assert.Contains("'name' is 100 characters; at most 63", ApiTestHost.Fault(error), StringComparison.Ordinal);
        Assert.Equal(400, huge);
        Assert.Contains("'name' is 300000 characters long", ApiTestHost.Fault(hugeError), StringComparison.Ordinal);
        Assert.NotNull(await host.GetOkAsync(Template + "/t1"));
    }

    [Fact]
    public async Task CreateAudit_LongStringAnywhere_400NamingItsPath()
    {
        await using var host = await ApiTestHost.StartAsync();
        var body = new JsonObject
        {
            ["goal"] = "unclassified",
            ["strategy"] = "actuator",
            ["parameters"] = new JsonObject { ["actions"] = new JsonArray(new JsonObject { ["action_type"] = "nop", ["input_parameters"] = new JsonObject { ["message"] = new string('m', 5_000) } }) },
        };

        var (status, error, _) = await host.SendAsync(HttpMethod.Post, "/v1/audits", body);

        Assert.Equal(400, status);
        Assert.Contains("$.parameters.actions[0].input_parameters.message is 5000 characters", ApiTestHost.Fault(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_BodyOverConfiguredSize_400NamingSetting()
    {
        await using var host = await ApiTestHost.StartAsync(configure: Settings(("Watcher:Http:MaxBodyBytes", "2048")));

        var (status, error, _) = await host.SendAsync(HttpMethod.Post, Template, new JsonObject { ["name"] = "t", ["goal"] = "dummy", ["scope"] = new JsonArray([.. Enumerable.Range(0, 300).Select(i => (JsonNode)new JsonObject { ["k"] = i })]) });

        Assert.Equal(400, status);
        Assert.Contains("larger than 2048 bytes (Watcher:Http:MaxBodyBytes)", ApiTestHost.Fault(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2e7, 60, "at most 3024000 s of history")]
    [InlineData(2_000_000, 60, "give 33334 points per series; at most 10080")]
    public async Task CreateAudit_PeriodGranularityOverLimit_400NamingLimit(double period, double granularity, string expected)
    {
        await using var host = await ApiTestHost.StartAsync();
        var body = new JsonObject
        {
            ["audit_type"] = "ONESHOT",
            ["goal"] = "server_consolidation",
            ["strategy"] = "basic",
            ["parameters"] = new JsonObject { ["period"] = period, ["granularity"] = granularity },
        };

        var (status, error, _) = await host.SendAsync(HttpMethod.Post, "/v1/audits", body);

        Assert.Equal(400, status);
        Assert.Contains(expected, ApiTestHost.Fault(error), StringComparison.Ordinal);
        Assert.Empty((await host.GetOkAsync("/v1/audits"))["audits"]!.AsArray());
    }

    [Fact]
    public async Task CreateAudit_ActuatorSleepOverLimit_400NamingLimit()
    {
        await using var host = await ApiTestHost.StartAsync();
        var body = new JsonObject
        {
            ["audit_type"] = "ONESHOT",
            ["goal"] = "unclassified",
            ["strategy"] = "actuator",
            ["parameters"] = new JsonObject { ["actions"] = new JsonArray(new JsonObject { ["action_type"] = "sleep", ["input_parameters"] = new JsonObject { ["duration"] = 3_601 } }) },
        };

        var (status, error, _) = await host.SendAsync(HttpMethod.Post, "/v1/audits", body);

        Assert.Equal(400, status);
        Assert.Contains("'actions[0]' of strategy 'actuator' (sleep): 'input_parameters.duration' is 3601 s; at most 3600 s", ApiTestHost.Fault(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAudit_ActuatorPlanOverLimit_400NamingLimit()
    {
        await using var host = await ApiTestHost.StartAsync(configure: Settings(("Watcher:Http:MaxBodyBytes", "8388608")));
        var actions = new JsonArray([.. Enumerable.Range(0, 50_001).Select(_ => (JsonNode)new JsonObject { ["action_type"] = "nop", ["input_parameters"] = new JsonObject() })]);
        var body = new JsonObject { ["audit_type"] = "ONESHOT", ["goal"] = "unclassified", ["strategy"] = "actuator", ["parameters"] = new JsonObject { ["actions"] = actions } };

        var (status, error, _) = await host.SendAsync(HttpMethod.Post, "/v1/audits", body);

        Assert.Equal(400, status);
        Assert.Contains("has 50001 actions; a plan may have at most 50000 (Watcher:Http:Limits:MaxPlanActions)", ApiTestHost.Fault(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData(null, false)]
    public async Task AnyRequest_SlowerThanSlowRequestSeconds_WarningNamesRouteAndStatus(string? threshold, bool logged)
    {
        var logs = new FakeLogCollector();
        await using var host = await ApiTestHost.StartAsync(configure: b =>
        {
            if (threshold is not null)
            {
                Settings(("Watcher:Http:SlowRequestSeconds", threshold))(b);
            }

            b.Logging.AddProvider(new FakeLoggerProvider(logs));
        });

        await host.GetOkAsync("/v1/goals");
        var (status, _, _) = await host.SendAsync(HttpMethod.Get, "/v1/audits/no-such-audit");

        var slow = logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning && r.Message.Contains(" took ", StringComparison.Ordinal)).Select(r => r.Message).ToList();
        Assert.Equal(404, status);
        if (logged)
        {
            Assert.Contains(slow, m => m.StartsWith("GET ListGoals took ", StringComparison.Ordinal) && m.EndsWith("(status 200).", StringComparison.Ordinal));
            Assert.Contains(slow, m => m.StartsWith("GET GetAudit took ", StringComparison.Ordinal) && m.EndsWith("(status 404).", StringComparison.Ordinal));
        }
        else
        {
            Assert.Empty(slow);
        }
    }

    private static Action<WebApplicationBuilder> Settings(params (string Key, string Value)[] settings) =>
        b => b.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));

    private static HttpRequestMessage JsonPost(string path, JsonNode body) =>
        new(HttpMethod.Post, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

    private static HttpRequestMessage Preflight(string origin, string method)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, Template);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }

    private static async Task<int> GetWithKeyAsync(ApiTestHost host, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/goals");
        request.Headers.Add("X-Api-Key", key);
        return (int)(await host.Client.SendAsync(request)).StatusCode;
    }

    private static async Task<(int Status, JsonNode? Body)> SendAsync(ApiTestHost host, HttpRequestMessage request)
    {
        var response = await host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : string.Empty;
}
