using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Plugins;
using Watcher.Domain.Actions;
using Watcher.Prometheus;

namespace Watcher.OpenStack.Tests;

/// <summary>Composition as the hosts do it: <c>Watcher:Cloud = openstack</c> selects this cloud and its handlers (with Prometheus, its metrics source).</summary>
public sealed class OpenStackCompositionTests
{
    private static ServiceProvider Compose(string cloud)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Watcher:Cloud"] = cloud,
            ["Watcher:MetricsSource"] = "prometheus",
            ["Watcher:OpenStack:AuthUrl"] = "http://keystone.example:5000/v3",
            ["Watcher:OpenStack:Username"] = "watcher",
            ["Watcher:OpenStack:Password"] = "secret",
            ["Watcher:OpenStack:ProjectName"] = "service",
            ["Watcher:OpenStack:Interface"] = "internal",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddWatcherPlugins();
        services.AddOpenStack(configuration);
        services.AddPrometheus(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddOpenStack_CloudOpenStack_RunnersUseTheNovaHandlers()
    {
        using var provider = Compose("openstack");

        Assert.IsType<OpenStackCloud>(provider.GetRequiredService<ICloud>());
        var registry = provider.GetRequiredService<ActionRegistry>();
        var options = provider.GetRequiredService<OpenStackOptions>();
        Assert.Equal("internal", options.Interface);
        Assert.Equal(new Uri("http://keystone.example:5000/v3"), options.AuthUrl);
        foreach (var type in new[] { ActionTypes.Migrate, ActionTypes.ChangeNovaServiceState, ActionTypes.Resize, ActionTypes.Stop })
        {
            Assert.NotNull(registry.Get(type));
        }

        var handlers = provider.GetServices<IActionHandler>().Where(h => h.Cloud == OpenStackCloud.CloudName).Select(h => h.ActionType).Order(StringComparer.Ordinal);
        Assert.Equal([ActionTypes.ChangeNovaServiceState, ActionTypes.Migrate, ActionTypes.Resize, ActionTypes.Stop], handlers);
    }
}
