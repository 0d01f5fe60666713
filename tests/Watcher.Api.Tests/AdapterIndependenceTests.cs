using System.Reflection;

namespace Watcher.Api.Tests;

/// <summary>The HTTP library references no adapter, directly or through another Watcher assembly: hosts compose adapters in.</summary>
public sealed class AdapterIndependenceTests
{
    /// <summary>The adapters named by issue 6, and every project under <c>adapters/</c> (so a new adapter is covered too).</summary>
    private static HashSet<string> AdapterAssemblies()
    {
        var names = new HashSet<string>(["Watcher.Simulator", "Watcher.BlobStorage", "Watcher.Prometheus", "Watcher.AzureMonitor"], StringComparer.Ordinal);
        foreach (var project in Directory.EnumerateFiles(RepoPaths.Combine("adapters"), "*.csproj", SearchOption.AllDirectories))
        {
            names.Add(Path.GetFileNameWithoutExtension(project));
        }

        return names;
    }

    /// <summary>Watcher's assemblies reachable from <paramref name="root"/> through assembly references.</summary>
    private static HashSet<string> WatcherAssembliesReachableFrom(Assembly root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([root]);
        while (pending.TryPop(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => r.Name!.StartsWith("Watcher.", StringComparison.Ordinal)))
            {
                if (seen.Add(reference.Name!))
                {
                    pending.Push(Assembly.Load(reference));
                }
            }
        }

        return seen;
    }

    [Fact]
    public void WatcherApiAssembly_References_IncludeNoAdapterAssembly()
    {
        var reachable = WatcherAssembliesReachableFrom(typeof(WatcherApi).Assembly);

        Assert.Contains("Watcher.Application", reachable);
        Assert.Empty(reachable.Intersect(AdapterAssemblies()));
    }
}
