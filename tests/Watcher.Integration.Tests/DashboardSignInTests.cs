using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Playwright;
using Watcher.Api.Tests;

namespace Watcher.Integration.Tests;

/// <summary>
/// The dashboard signs in with the API's own identity: the local host in mode <c>api_key</c>, Debian's Chromium driven
/// by Playwright. The page first asks for a key (the API answered 401), refuses a wrong one with the service's reason,
/// loads with the right one (sent on every call), and asks again after signing out. In mode <c>entra</c>, against the
/// loopback OIDC issuer, the panel asks for an access token and sends it as <c>Authorization: Bearer</c>.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DashboardSignInTests(AzuriteFixture azurite)
{
    private const string OperatorKey = "dashboard-operator-key-5c1e";

    [Fact]
    public async Task Dashboard_ApiKeyMode_SignInPanelThenAuditsLoad()
    {
        var settings = new HostSettings(azurite.ConnectionString)
        {
            ExtraArgs =
            [
                "--Watcher:Auth:Mode=api_key",
                "--Watcher:Auth:ApiKeys:0:Name=dashboard-test",
                "--Watcher:Auth:ApiKeys:0:Role=operator",
                "--Watcher:Auth:ApiKeys:0:Sha256=" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(OperatorKey))),
            ],
        };
        await using var host = await ChildProcessHost.StartAsync(settings);
        using var http = new HttpClient { BaseAddress = new Uri(settings.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", OperatorKey);
        using var created = await http.PostAsJsonAsync("/v1/audits", new { audit_type = "ONESHOT", goal = "dummy", name = "signed-in-audit" });
        Assert.True(created.IsSuccessStatusCode, $"{(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DashboardBrowser.LaunchAsync(playwright);
        var page = await DashboardBrowser.NewPageAsync(browser);

        await page.GotoAsync($"{settings.BaseUrl}/ui");
        await Assertions.Expect(page.Locator("#signin-panel")).ToBeVisibleAsync(new() { Timeout = 30000 });
        await Assertions.Expect(page.Locator("#signin-title")).ToHaveTextAsync("Sign in with an API key");
        await Assertions.Expect(page.Locator("#audits")).Not.ToBeVisibleAsync();

        await page.FillAsync("#signin-token", "not-the-key");
        await page.ClickAsync("#signin-submit");
        await Assertions.Expect(page.Locator("#signin-error")).ToHaveTextAsync("Sign-in refused: The API key is not valid.", new() { Timeout = 30000 });
        await Assertions.Expect(page.Locator("#signin-panel")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('watcher.token')"));

        await page.FillAsync("#signin-token", OperatorKey);
        await page.ClickAsync("#signin-submit");
        await Assertions.Expect(page.Locator("#audits tr")).ToHaveCountAsync(1, new() { Timeout = 30000 });
        await Assertions.Expect(page.Locator("#audits")).ToContainTextAsync("signed-in-audit");
        await Assertions.Expect(page.Locator("#signin-panel")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".host")).ToHaveCountAsync(settings.Hosts);
        await Assertions.Expect(page.Locator("#identity-text")).ToHaveTextAsync("signed in with an API key");

        await page.ClickAsync("#signout");
        await Assertions.Expect(page.Locator("#signin-panel")).ToBeVisibleAsync(new() { Timeout = 30000 });
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('watcher.token')"));
    }

    [Fact]
    public async Task Dashboard_EntraMode_BearerTokenSignIn()
    {
        await using var issuer = await TestOidcIssuer.StartAsync();
        var settings = new HostSettings(azurite.ConnectionString)
        {
            ExtraArgs = [.. issuer.Settings().Select(kv => $"--{kv.Key}={kv.Value}")],
        };
        await using var host = await ChildProcessHost.StartAsync(settings);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DashboardBrowser.LaunchAsync(playwright);
        var page = await DashboardBrowser.NewPageAsync(browser);
        var authorizations = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/v1/", StringComparison.Ordinal) && request.Headers.TryGetValue("authorization", out var value))
            {
                lock (authorizations)
                {
                    authorizations.Add(value);
                }
            }
        };

        await page.GotoAsync($"{settings.BaseUrl}/ui");
        await Assertions.Expect(page.Locator("#signin-title")).ToHaveTextAsync("Sign in with an Entra ID access token", new() { Timeout = 30000 });
        await page.FillAsync("#signin-token", issuer.Token(["Watcher.Reader"], expiresIn: TimeSpan.FromMinutes(-5)));
        await page.ClickAsync("#signin-submit");
        await Assertions.Expect(page.Locator("#signin-error")).ToHaveTextAsync("Sign-in refused: The bearer token has expired.", new() { Timeout = 30000 });

        var token = issuer.Token(["Watcher.Reader"]);
        await page.FillAsync("#signin-token", token);
        await page.ClickAsync("#signin-submit");
        await Assertions.Expect(page.Locator(".host")).ToHaveCountAsync(settings.Hosts, new() { Timeout = 30000 });
        await Assertions.Expect(page.Locator("#identity-text")).ToHaveTextAsync("signed in with an Entra ID token");
        lock (authorizations)
        {
            Assert.Contains("Bearer " + token, authorizations);
        }
    }
}
