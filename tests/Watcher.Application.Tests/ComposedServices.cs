using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Domain.Persistence;
using Watcher.Prometheus;
using Watcher.Simulator;

namespace Watcher.Application.Tests;

/// <summary>Composes the application as the hosts do (with an in-memory store), from in-memory settings.</summary>
internal static class ComposedServices
{
    public static ServiceProvider Build(Action<IServiceCollection>? extra = null, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))
                .Append(KeyValuePair.Create("Watcher:Simulator:Hosts", (string?)"6"))
                .Append(KeyValuePair.Create("Watcher:Simulator:Instances", (string?)"20")))
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IDocumentStore, InMemoryDocumentStore>()
            .AddWatcherApplication()
            .AddSimulator(configuration)
            .AddPrometheus(configuration);
        extra?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
