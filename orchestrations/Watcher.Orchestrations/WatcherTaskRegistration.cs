using System.Reflection;
using Microsoft.DurableTask;

namespace Watcher.Orchestrations;

/// <summary>
/// Finds every orchestrator and activity class in this assembly and registers each under the name its
/// <c>public const string Name</c> declares, so adding one needs no list edit. Used by the local host and tests;
/// the Functions app's triggers reference the same constants, and a test keeps both sides equal.
/// </summary>
public static class WatcherTaskRegistration
{
    /// <summary>Every <see cref="TaskOrchestrator{TInput, TOutput}"/> of this assembly.</summary>
    public static IReadOnlyList<WatcherTask> Orchestrators { get; } = Discover(typeof(TaskOrchestrator<,>));

    /// <summary>Every <see cref="TaskActivity{TInput, TOutput}"/> of this assembly.</summary>
    public static IReadOnlyList<WatcherTask> Activities { get; } = Discover(typeof(TaskActivity<,>));

    public static DurableTaskRegistry AddWatcherTasks(this DurableTaskRegistry registry)
    {
        foreach (var orchestrator in Orchestrators)
        {
            registry.AddOrchestrator(orchestrator.Name, orchestrator.Type);
        }

        foreach (var activity in Activities)
        {
            registry.AddActivity(activity.Name, activity.Type);
        }

        return registry;
    }

    /// <summary>The registered name of an orchestrator or activity class.</summary>
    public static string NameOf(Type type) =>
        type.GetField("Name", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field && field.GetRawConstantValue() is string name
            ? name
            : throw new InvalidOperationException($"{type.FullName} must declare its task name as 'public const string Name'.");

    private static List<WatcherTask> Discover(Type openBase) =>
        [.. from type in typeof(WatcherTaskRegistration).Assembly.GetTypes()
            where type is { IsClass: true, IsAbstract: false }
            let closed = BaseOf(type, openBase)
            where closed is not null
            let arguments = closed.GetGenericArguments()
            orderby type.Name
            select new WatcherTask(NameOf(type), type, arguments[0], arguments[1])];

    private static Type? BaseOf(Type type, Type openBase)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == openBase)
            {
                return current;
            }
        }

        return null;
    }
}
