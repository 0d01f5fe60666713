using Microsoft.Playwright;

namespace Watcher.Integration.Tests;

/// <summary>The dashboard in a real browser (Debian's Chromium driven by Playwright): create an audit, start its plan, see the cluster change. The plan detail: <see cref="DashboardPlanTests"/>.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DashboardTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Dashboard_CreateAuditAndStartPlan_NodeIsDrainedOnScreen()
    {
        var settings = new HostSettings(azurite.ConnectionString);
        await using var host = await ChildProcessHost.StartAsync(settings);
        var node = await Scenario.BusiestNodeAsync(host.Client);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DashboardBrowser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();

        await page.GotoAsync($"{settings.BaseUrl}/ui");
        await Assertions.Expect(page.Locator(".host")).ToHaveCountAsync(settings.Hosts);
        await page.SelectOptionAsync("#goal", "cluster_maintaining");
        await page.SelectOptionAsync("#strategy", "host_maintenance");
        await page.FillAsync("#parameters", $$"""{"maintenance_node": "{{node}}"}""");
        await page.ClickAsync("#create-audit");
        var start = page.Locator("button[data-action=start]");
        await Assertions.Expect(start).ToHaveCountAsync(1, new() { Timeout = 60000 });
        await start.ClickAsync();

        await Assertions.Expect(page.Locator("td[data-state=SUCCEEDED]")).ToHaveCountAsync(1, new() { Timeout = 60000 });
        var card = page.Locator($".host[data-host='{node}']");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-instances", "0", new() { Timeout = 10000 });
        await Assertions.Expect(card).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("disabled"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "dashboard.png") });
    }

    [Fact]
    public async Task Dashboard_BadParameters_ShowsTheServiceError()
    {
        var settings = new HostSettings(azurite.ConnectionString);
        await using var host = await ChildProcessHost.StartAsync(settings);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DashboardBrowser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{settings.BaseUrl}/ui");
        await page.SelectOptionAsync("#goal", "cluster_maintaining");

        await page.FillAsync("#parameters", """{"maintenance_nod": "x"}""");
        await page.ClickAsync("#create-audit");

        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("no parameter 'maintenance_nod'");
        Assert.Empty((await host.Client.GetAsync("/v1/audits"))["audits"]!.AsArray());
    }
}
