using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Watcher.BlobStorage;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Metrics;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.Integration.Tests;

/// <summary>
/// The dashboard's time-series charts in Debian's Chromium against the local host as a child process: the Metrics
/// view's history chart (uPlot on a canvas) and hour-of-week heatmap from <c>/v1/metrics/series</c> and
/// <c>/v1/metrics/patterns</c>, and a plan's projected weekly profiles before and after with the threshold.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DashboardMetricsTests(AzuriteFixture azurite)
{
    // Counts the canvas pixels that are not transparent: a chart that drew its axes and lines has thousands.
    private const string DrawnPixels =
        "sel => { const c = document.querySelector(sel); if (!c) return 0; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }";

    private static readonly System.Text.RegularExpressions.Regex NonZero = new("^[1-9][0-9]*$");

    [Fact]
    public async Task MetricsView_HostAndThenInstancePicked_SeriesChartDrawsTheHistory()
    {
        var settings = new HostSettings(azurite.ConnectionString);
        await using var host = await ChildProcessHost.StartAsync(settings);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DashboardBrowser.LaunchAsync(playwright);
        var requests = new List<string>();
        var page = await DashboardBrowser.NewPageAsync(browser, requests);

        await page.GotoAsync($"{settings.BaseUrl}/ui");

        // The first host (by hostname) and host_cpu_usage are shown at once: 7 days every 300 s, the points the API gives
        // for the same range, all of them plotted.
        var chart = page.Locator("#metric-chart");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-points", NonZero, new() { Timeout = 30000 });
        var shown = JsonNode.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(metricsView.series)"))!;
        Assert.Equal("host_cpu_usage", shown["metric"]!.GetValue<string>());
        Assert.Equal(300, shown["granularity"]!.GetValue<int>());
        var range = $"start={Uri.EscapeDataString(shown["start"]!.GetValue<string>())}&end={Uri.EscapeDataString(shown["end"]!.GetValue<string>())}";
        var series = await host.Client.GetAsync($"/v1/metrics/series?resource={shown["resource_uuid"]!.GetValue<string>()}&metric=host_cpu_usage&{range}&granularity=300");
        var expected = series["points"]!.AsArray().Select(p => p!["value"]!.GetValue<double>()).ToArray();
        Assert.True(expected.Length > 2000, $"7 days every 5 minutes: {expected.Length} points");
        var plotted = await page.EvaluateAsync<double[]>("() => metricsView.chart.data[1].filter(v => v !== null)");
        Assert.Equal(expected, plotted);
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-points", expected.Length.ToString(CultureInfo.InvariantCulture));
        Assert.All(plotted, v => Assert.InRange(v, 0, 100));
        Assert.True(plotted.Distinct().Count() > 100, "the simulated CPU varies over a week");
        Assert.True(await page.EvaluateAsync<int>(DrawnPixels, "#metric-chart canvas") > 2000, "the chart's canvas should be drawn");
        await Assertions.Expect(page.Locator("#metric-status")).ToContainTextAsync("host_cpu_usage (%)");

        // An instance: its own metrics are offered, and its series is drawn.
        var instance = await page.EvalOnSelectorAsync<string>("#metric-resource", "s => [...s.options].find(o => o.dataset.kind === 'instance').value");
        await page.SelectOptionAsync("#metric-resource", instance);
        await Assertions.Expect(page.Locator("#metric-name")).ToHaveValueAsync("instance_cpu_usage");
        await Assertions.Expect(page.Locator("#metric-status")).ToContainTextAsync("instance ", new() { Timeout = 30000 });
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-points", NonZero, new() { Timeout = 30000 });
        Assert.True(await page.EvaluateAsync<int>(DrawnPixels, "#metric-chart canvas") > 2000, "the instance's chart should be drawn");

        lock (requests)
        {
            Assert.All(requests, url => Assert.StartsWith(settings.BaseUrl + "/", url, StringComparison.Ordinal));
            Assert.Contains(requests, url => url.EndsWith("/ui/vendor/uPlot.iife.min.js", StringComparison.Ordinal));
            Assert.Contains(requests, url => url.Contains("/v1/metrics/series?", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// The heatmap and the forecast band come from /v1/metrics/patterns (periods, hour-of-week profile, forecast).
    /// </summary>
    [Fact]
    public async Task MetricsView_Patterns_HeatmapShowsTheHourOfWeekProfileAndTheChartTheForecastBand()
    {
        var settings = new HostSettings(azurite.ConnectionString);
        await using var host = await ChildProcessHost.StartAsync(settings);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DashboardBrowser.LaunchAsync(playwright);
        var page = await DashboardBrowser.NewPageAsync(browser);

        await page.GotoAsync($"{settings.BaseUrl}/ui");

        var heatmap = page.Locator("#metric-heatmap");
        await Assertions.Expect(page.Locator("#metric-chart")).ToHaveAttributeAsync("data-points", NonZero, new() { Timeout = 30000 });
        Assert.DoesNotContain("unavailable", await page.Locator("#metric-periods").TextContentAsync() ?? string.Empty, StringComparison.Ordinal);
        await Assertions.Expect(heatmap).ToHaveAttributeAsync("data-cells", "168", new() { Timeout = 30000 });
        var hostUuid = await page.EvalOnSelectorAsync<string>("#metric-resource", "s => s.value");
        var patterns = await host.Client.GetAsync($"/v1/metrics/patterns?resource={hostUuid}&metric=host_cpu_usage");

        // Every hour of the week has a cell with the service's mean, coloured on one scale.
        var cells = JsonNode.Parse(await page.EvaluateAsync<string>(
            "() => JSON.stringify([...document.querySelectorAll('#metric-heatmap .hm-cell')].map(c => [Number(c.dataset.hour), c.dataset.value, getComputedStyle(c).backgroundColor]))"))!.AsArray();
        Assert.Equal(168, cells.Count);
        var profile = patterns["hour_of_week"]!.AsArray();
        foreach (var cell in cells)
        {
            var hour = cell![0]!.GetValue<int>();
            Assert.Equal(profile[hour]!.GetValue<double>(), double.Parse(cell[1]!.GetValue<string>(), CultureInfo.InvariantCulture), 6);
        }

        Assert.True(cells.Select(c => c![2]!.GetValue<string>()).Distinct().Count() > 10, "the heatmap's colours should follow the values");

        // Hovering a cell names its hour and value.
        await page.HoverAsync("#metric-heatmap .hm-cell[data-hour='33']");
        await Assertions.Expect(page.Locator("#heatmap-hover")).ToContainTextAsync("Tue 09:00–10:00 UTC");

        // The daily cycle is reported, and the forecast (7 days hourly) is on the chart with its band.
        await Assertions.Expect(page.Locator("#metric-periods")).ToContainTextAsync("1 day");
        await Assertions.Expect(page.Locator("#metric-chart")).ToHaveAttributeAsync("data-forecast", "168");
        Assert.Equal(5, await page.EvaluateAsync<int>("() => metricsView.chart.series.length"));
        Assert.Equal(168, await page.EvaluateAsync<int>("() => metricsView.chart.data[2].filter(v => v !== null).length"));
        await page.Locator("#metrics").ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "dashboard-metrics.png") });
        if (Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1")
        {
            // docs/time-series.md's picture: UPDATE_SCREENSHOTS=1 dotnet test tests/Watcher.Integration.Tests -c Release --filter MetricsView_Patterns
            await page.Locator("#metrics").ScreenshotAsync(new() { Path = RepoPaths.Combine("docs", "images", "metrics.png") });
        }
    }

    [Fact]
    public async Task PlanDetail_PlanWithProjectedProfiles_DrawsEachHostBeforeAndAfterWithTheThreshold()
    {
        var settings = new HostSettings(azurite.ConnectionString);
        await using var host = await ChildProcessHost.StartAsync(settings);
        const string plan = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";

        // Monday 09:00–12:00 the hosts' co-peaking instances push them over 80; after the plan they stay under.
        static double[] Week(double peak) => [.. Enumerable.Range(0, 168).Select(h => h < 24 && h % 24 is >= 9 and < 12 ? peak : 35 + (10 * Math.Sin(2 * Math.PI * h / 24)))];
        var repository = new WatcherRepository(new BlobDocumentStore(azurite.ConnectionString, "c" + settings.Id));
        await repository.CreatePlanAsync(new ActionPlan
        {
            Uuid = plan,
            AuditUuid = "a",
            StrategyUuid = "s",
            StrategyName = "periodic_contention_balance",
            State = ActionPlanState.Recommended,
            ProjectedProfiles =
            [
                new ProjectedProfile("h1", "compute-01", MetricNames.HostCpuUsage, Week(96), Week(72), 80),
                new ProjectedProfile("h2", "compute-02", MetricNames.HostCpuUsage, Week(91), Week(64), 80),
            ],
        });
        Assert.Equal(2, (await host.Client.GetAsync($"/v1/action_plans/{plan}"))["projected_profiles"]!.AsArray().Count);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DashboardBrowser.LaunchAsync(playwright);
        var page = await DashboardBrowser.NewPageAsync(browser);

        await DashboardBrowser.OpenPlanAsync(page, settings.BaseUrl, plan, 0);

        await Assertions.Expect(page.Locator("#plan-profiles")).ToBeVisibleAsync(new() { Timeout = 30000 });
        await Assertions.Expect(page.Locator("#plan-profiles .profile-chart[data-drawn=true]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".profile[data-host='compute-01'] .profile-head")).ToContainTextAsync("peak 96 → 72");
        await Assertions.Expect(page.Locator(".profile[data-host='compute-01'] .profile-head")).ToContainTextAsync("hours over 3 → 0");
        var plotted = JsonNode.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(profileCharts.map(c => [c.data[1], c.data[2], c.data[3]]))"))!.AsArray();
        Assert.Equal(2, plotted.Count);
        Assert.Equal(Week(96), plotted[0]![0]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal(Week(72), plotted[0]![1]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.All(plotted[0]![2]!.AsArray(), v => Assert.Equal(80, v!.GetValue<double>()));
        Assert.True(await page.EvaluateAsync<int>(DrawnPixels, ".profile[data-host='compute-02'] canvas") > 2000, "the profile chart's canvas should be drawn");
        await page.Locator("#plan-detail").ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "dashboard-profiles.png") });
    }
}
