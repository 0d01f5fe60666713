using Microsoft.Extensions.Configuration;

namespace Watcher.LocalHost.Tests;

/// <summary>The local host's settings: defaults that work together, the shipped appsettings.json agreeing with them, and binding.</summary>
public sealed class LocalHostOptionsTests
{
    [Fact]
    public void Defaults_ApiAndSidecar_ListenOnDifferentLoopbackPorts()
    {
        var options = new LocalHostOptions();
        var api = new Uri(options.Url);

        Assert.True(api.IsLoopback, $"{options.Url} is not a loopback address.");
        Assert.NotEqual(api.Port, options.SidecarPort);
        Assert.InRange(options.SidecarPort, 1, 65535);
    }

    [Fact]
    public void Defaults_VisibilityTimeoutAndWorkerId_AreUsable()
    {
        var options = new LocalHostOptions();

        Assert.True(options.VisibilityTimeoutSeconds > 0);
        Assert.False(string.IsNullOrWhiteSpace(options.WorkerId));
    }

    [Fact]
    public void ShippedAppSettings_LocalSection_AgreesWithDefaults()
    {
        // LocalHostApp sets the content root to the app's folder; the host's appsettings.json is copied next to this test.
        var configuration = new ConfigurationBuilder().SetBasePath(AppContext.BaseDirectory).AddJsonFile("appsettings.json", optional: false).Build();
        var shipped = configuration.GetSection("Watcher:Local").Get<LocalHostOptions>();
        var defaults = new LocalHostOptions();

        Assert.NotNull(shipped);
        Assert.Equal(defaults.Url, shipped.Url);
        Assert.Equal(defaults.SidecarPort, shipped.SidecarPort);
        Assert.Equal(defaults.VisibilityTimeoutSeconds, shipped.VisibilityTimeoutSeconds);
        Assert.Equal(defaults.WorkerId, shipped.WorkerId);
    }

    [Fact]
    public void Bind_LocalSection_OverridesOnlyTheGivenKeys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Watcher:Local:SidecarPort"] = "0",
            ["Watcher:Local:WorkerId"] = "worker-2",
        }).Build();

        var options = configuration.GetSection("Watcher:Local").Get<LocalHostOptions>()!;

        Assert.Equal(0, options.SidecarPort);
        Assert.Equal("worker-2", options.WorkerId);
        Assert.Equal(new LocalHostOptions().Url, options.Url);
    }
}
