using System.Net.Http.Headers;
using Watcher.Api.Handlers;
using Xunit.Abstractions;

namespace Watcher.Api.Tests;

/// <summary>
/// The dashboard's files: the vendored npm scripts are byte-identical to node_modules' (so the copy is exactly the
/// pinned release, licence header included), and both they and the page's own files are served byte for byte, with
/// their content type, caching headers and ETag revalidation; nothing else is reachable under /ui.
/// </summary>
public sealed class DashboardFilesTests(ITestOutputHelper output)
{
    private static readonly string Vendor = RepoPaths.Combine("functions", "Watcher.Api", "Ui", "vendor");

    /// <summary>The MANIFEST's lines: the vendored name and its source under node_modules.</summary>
    public static TheoryData<string, string> Manifest()
    {
        var data = new TheoryData<string, string>();
        foreach (var line in File.ReadAllLines(Path.Combine(Vendor, "MANIFEST")))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            var parts = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            data.Add(parts[0], parts[1]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Manifest))]
    public void VendoredFile_ComparedWithNodeModules_IsByteIdentical(string name, string source)
    {
        var installed = RepoPaths.Combine("node_modules", source);
        if (!Directory.Exists(RepoPaths.Combine("node_modules")))
        {
            // Locally the npm packages may not be installed; CI (REQUIRE_YAMLLINT=1, set by .ci/run after npm ci) must compare.
            Assert.True(Environment.GetEnvironmentVariable("REQUIRE_YAMLLINT") != "1", "node_modules is missing: run 'npm ci --no-audit --no-fund'.");
            output.WriteLine($"SKIPPED: node_modules is missing, so {name} was not compared with node_modules/{source}. Run 'npm ci --no-audit --no-fund' to check it.");
            return;
        }

        Assert.True(File.Exists(installed), $"node_modules/{source} is missing: is its package in package.json's devDependencies and installed (npm ci)?");
        Assert.True(
            File.ReadAllBytes(installed).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(Vendor, name))),
            $"functions/Watcher.Api/Ui/vendor/{name} differs from node_modules/{source}: run scripts/tools/update-ui-vendor.sh and commit the result.");
    }

    [Theory]
    [InlineData("/ui/vendor/cytoscape.min.js", "vendor/cytoscape.min.js", "text/javascript", "public, max-age=86400")]
    [InlineData("/ui/vendor/cytoscape-dagre.min.js", "vendor/cytoscape-dagre.min.js", "text/javascript", "public, max-age=86400")]
    [InlineData("/ui/vendor/cytoscape.LICENSE.txt", "vendor/cytoscape.LICENSE.txt", "text/plain", "public, max-age=86400")]
    [InlineData("/ui/vendor/uPlot.iife.min.js", "vendor/uPlot.iife.min.js", "text/javascript", "public, max-age=86400")]
    [InlineData("/ui/vendor/uPlot.min.css", "vendor/uPlot.min.css", "text/css", "public, max-age=86400")]
    [InlineData("/ui/vendor/uPlot.LICENSE.txt", "vendor/uPlot.LICENSE.txt", "text/plain", "public, max-age=86400")]
    [InlineData("/ui/dashboard.js", "dashboard.js", "text/javascript", "no-cache")]
    [InlineData("/ui/dashboard.css", "dashboard.css", "text/css", "no-cache")]
    [InlineData("/ui/metrics.js", "metrics.js", "text/javascript", "no-cache")]
    [InlineData("/ui", "dashboard.html", "text/html", "no-cache")]
    public async Task DashboardFile_Get_ServedByteForByteWithTypeAndCaching(string path, string file, string mediaType, string cacheControl)
    {
        await using var host = await ApiTestHost.StartAsync();

        using var response = await host.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(cacheControl, response.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.NotNull(response.Headers.ETag);
        var expected = await File.ReadAllBytesAsync(RepoPaths.Combine("functions", "Watcher.Api", "Ui", file));
        var served = await response.Content.ReadAsByteArrayAsync();
        Assert.True(expected.AsSpan().SequenceEqual(served), $"{path} is not served byte for byte from Ui/{file}");
    }

    [Fact]
    public async Task VendorFile_GetWithItsETag_Returns304WithoutBody()
    {
        await using var host = await ApiTestHost.StartAsync();
        using var first = await host.Client.GetAsync(new Uri("/ui/vendor/cytoscape.min.js", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ui/vendor/cytoscape.min.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var again = await host.Client.SendAsync(request);

        Assert.Equal(304, (int)again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
    }

    [Fact]
    public async Task VendorFile_GetWithAnotherETag_ReturnsTheFile()
    {
        await using var host = await ApiTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ui/vendor/cytoscape.min.js");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"stale\""));

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/ui/vendor/MANIFEST")]
    [InlineData("/ui/vendor/nothing.js")]
    [InlineData("/ui/dashboard.html")]
    [InlineData("/ui/vendor.cytoscape.min.js")]
    [InlineData("/ui/vendor/..%2Fdashboard.js")]
    public async Task DashboardFile_NotAServedName_Returns404(string path)
    {
        await using var host = await ApiTestHost.StartAsync();

        using var response = await host.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(404, (int)response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_Get_ForbidsLoadingFromOtherOrigins()
    {
        await using var host = await ApiTestHost.StartAsync();

        using var response = await host.Client.GetAsync(new Uri("/ui", UriKind.Relative));

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Equal(UiHandlers.ContentSecurityPolicy, policy);
        foreach (var directive in new[] { "default-src 'self'", "script-src 'self'", "connect-src 'self'" })
        {
            Assert.Contains(directive + ";", policy, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
    }
}
