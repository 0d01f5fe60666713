using System.Reflection;
using Watcher.Domain.Cluster;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Optimization;

namespace Watcher.Cli;

/// <summary>
/// Every strategy and planner the tool can run. <see cref="Default"/> is the hosts' default registry
/// (<see cref="BuiltinStrategies"/>: the domain's strategies and CP-SAT's) with the planners of the same assemblies; it
/// scans no folder, so start-up loads only what a run uses. <see cref="Create"/> adds plugin assemblies deployed beside
/// the tool (any <c>Watcher.*.dll</c> that references the domain), found the same way the registries find them.
/// </summary>
public sealed class StrategyCatalog
{
    private static readonly Lazy<StrategyCatalog> Shared = new(() => FromAssemblies(BuiltinStrategies.Assemblies, BuiltinStrategies.Registry));

    private StrategyCatalog(StrategyRegistry strategies, PlannerRegistry planners, IReadOnlyList<Assembly> assemblies)
    {
        Strategies = strategies;
        Planners = planners;
        Assemblies = assemblies;
    }

    /// <summary>The catalog of the default registry (the domain's strategies and CP-SAT's) and their planners.</summary>
    public static StrategyCatalog Default => Shared.Value;

    public StrategyRegistry Strategies { get; }

    public PlannerRegistry Planners { get; }

    /// <summary>The assemblies strategies and planners were discovered in (the domain first).</summary>
    public IReadOnlyList<Assembly> Assemblies { get; }

    /// <summary>The default catalog plus <paramref name="extra"/> strategies (a strategy of the same name is replaced); for embedding and tests.</summary>
    public static StrategyCatalog With(params IStrategy[] extra)
    {
        var names = extra.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var strategies = new StrategyRegistry([.. Default.Strategies.All.Where(s => !names.Contains(s.Name)), .. extra]);
        return new StrategyCatalog(strategies, Default.Planners, Default.Assemblies);
    }

    /// <summary>Builds a catalog from the domain and the plugin assemblies found in <paramref name="directory"/>.</summary>
    public static StrategyCatalog Create(string directory)
    {
        var domain = typeof(StrategyRegistry).Assembly;
        var assemblies = new List<Assembly> { domain };
        assemblies.AddRange(PluginAssemblies(directory, domain));
        return FromAssemblies(assemblies, StrategyRegistry.FromAssemblies([.. assemblies]));
    }

    private static StrategyCatalog FromAssemblies(IReadOnlyList<Assembly> assemblies, StrategyRegistry strategies)
    {
        var planners = new Dictionary<string, IPlanner>(StringComparer.Ordinal);
        foreach (var name in PlannerRegistry.Default.Names)
        {
            planners[name] = PlannerRegistry.Default.Get(name);
        }

        foreach (var planner in assemblies.Skip(1).SelectMany(DiscoverPlanners))
        {
            planners.TryAdd(planner.Name, planner);
        }

        return new StrategyCatalog(strategies, new PlannerRegistry(planners.Values, PlannerRegistry.Default.DefaultName), assemblies);
    }

    /// <summary>
    /// The planner to use: <paramref name="requested"/> (the command line), else the one the strategy asked for, else
    /// the default. Planners are bound to the cluster (<see cref="IPlanner.ForCluster"/>).
    /// </summary>
    public IPlanner ResolvePlanner(string? requested, string? strategyChoice, ClusterModel cluster)
    {
        var name = requested ?? strategyChoice ?? Planners.DefaultName;
        if (!Planners.Names.Contains(name))
        {
            throw new CliUsageException($"Unknown planner '{name}'. Known planners: {string.Join(", ", Planners.Names.Order(StringComparer.Ordinal))}.");
        }

        return Planners.Get(name).ForCluster(cluster);
    }

    private static IEnumerable<Assembly> PluginAssemblies(string directory, Assembly domain)
    {
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        var domainName = domain.GetName().Name;
        foreach (var file in Directory.EnumerateFiles(directory, "Watcher.*.dll").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (name == domainName || name.EndsWith(".Tests", StringComparison.Ordinal))
            {
                continue;
            }

            Assembly? assembly;
            try
            {
                assembly = Assembly.Load(new AssemblyName(name));
            }
            catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                continue;
            }

            if (assembly.GetReferencedAssemblies().Any(r => r.Name == domainName) && LoadableTypes(assembly).Any(IsPlugin))
            {
                yield return assembly;
            }
        }
    }

    private static bool IsPlugin(Type t) =>
        t is { IsClass: true, IsAbstract: false } && t.GetConstructor(Type.EmptyTypes) is not null
        && (typeof(IStrategy).IsAssignableFrom(t) || typeof(IPlanner).IsAssignableFrom(t));

    private static IEnumerable<IPlanner> DiscoverPlanners(Assembly assembly) =>
        LoadableTypes(assembly)
            .Where(t => IsPlugin(t) && typeof(IPlanner).IsAssignableFrom(t))
            .Select(t => (IPlanner)Activator.CreateInstance(t)!);

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }
}
