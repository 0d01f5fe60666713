using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Watcher.Integration.Tests;

/// <summary>
/// The dashboard in Debian's Chromium, driven by Playwright: launching it offline, opening a plan's detail, and reading
/// or clicking the plan graph (Cytoscape.js draws on a canvas, so nodes are read through <c>window.planGraph</c> and
/// clicked at their rendered position with the real mouse).
/// </summary>
public static class DashboardBrowser
{
    private const string Chromium = "/usr/bin/chromium";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (.ci/run does).");
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A page of the size the README screenshot has, that records every URL it requests into <paramref name="requests"/>.</summary>
    public static async Task<IPage> NewPageAsync(IBrowser browser, List<string>? requests = null)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        if (requests is not null)
        {
            page.Request += (_, request) =>
            {
                lock (requests)
                {
                    requests.Add(request.Url);
                }
            };
        }

        return page;
    }

    /// <summary>Opens the dashboard on a plan's detail (<c>/ui#plan=uuid</c>) and waits for its graph to hold its actions.</summary>
    public static async Task OpenPlanAsync(IPage page, string baseUrl, string plan, int actions)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync($"{baseUrl}/ui#plan={plan}");
        await Assertions.Expect(page.Locator("#plan-uuid")).ToHaveTextAsync(plan, new() { Timeout = 30000 });
        await Assertions.Expect(page.Locator("#plan-graph")).ToHaveAttributeAsync("data-nodes", actions.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 30000 });
    }

    /// <summary>The graph's nodes: action uuid, the state the node shows and its fill colour (as "rgb(r,g,b)").</summary>
    public static async Task<IReadOnlyList<(string Id, string State, string Colour)>> NodesAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var json = await page.EvaluateAsync<string>("() => JSON.stringify(planGraph.nodes().map(n => ({ id: n.id(), state: n.data('state'), colour: n.style('background-color') })))");
        return JsonNode.Parse(json)!.AsArray()
            .Select(n => (n!["id"]!.GetValue<string>(), n["state"]!.GetValue<string>(), Rgb(n["colour"]!.GetValue<string>())))
            .ToList();
    }

    /// <summary>The legend: each action state and its swatch's colour as the browser computed it.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> LegendAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var json = await page.EvaluateAsync<string>("() => JSON.stringify([...document.querySelectorAll('#legend [data-state]')].map(e => [e.dataset.state, getComputedStyle(e.querySelector('.swatch')).backgroundColor]))");
        return JsonNode.Parse(json)!.AsArray().ToDictionary(p => p![0]!.GetValue<string>(), p => Rgb(p![1]!.GetValue<string>()));
    }

    /// <summary>Waits until every node shows the state the API gives its action.</summary>
    public static async Task WaitForStatesAsync(IPage page, JsonArray actions)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(actions);
        var expected = actions.ToDictionary(a => a!["uuid"]!.GetValue<string>(), a => a!["state"]!.GetValue<string>());
        await page.WaitForFunctionAsync(
            "expected => window.planGraph && planGraph.nodes().length === Object.keys(expected).length && planGraph.nodes().every(n => n.data('state') === expected[n.id()])",
            expected,
            new() { Timeout = 30000, PollingInterval = 200 });
    }

    /// <summary>Clicks a node with the mouse, at the centre Cytoscape drew it.</summary>
    public static async Task ClickNodeAsync(IPage page, string action)
    {
        ArgumentNullException.ThrowIfNull(page);
        var point = await page.EvaluateAsync<double[]>(
            "id => { const n = planGraph.getElementById(id); const p = n.renderedPosition(); const r = planGraph.container().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }",
            action);
        await page.Mouse.ClickAsync((float)point[0], (float)point[1]);
    }

    private static string Rgb(string colour) => colour.Replace(" ", string.Empty, StringComparison.Ordinal);
}
