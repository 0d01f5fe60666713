using System.Reflection;
using Microsoft.DurableTask;

namespace Watcher.Orchestrations.Tests;

/// <summary>Task discovery: every orchestrator and activity class is found under its own declared name.</summary>
public sealed class WatcherTaskRegistrationTests
{
    private static readonly Type[] TaskTypes = typeof(WatcherTaskRegistration).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ITaskActivity).IsAssignableFrom(t) | typeof(ITaskOrchestrator).IsAssignableFrom(t))
        .ToArray();

    [Fact]
    public void Discovery_EveryTaskClass_IsRegisteredUnderItsNameConstant()
    {
        var registered = WatcherTaskRegistration.Activities.Concat(WatcherTaskRegistration.Orchestrators).ToList();

        Assert.Equal(TaskTypes.OrderBy(t => t.Name), registered.Select(t => t.Type).OrderBy(t => t.Name));
        Assert.All(registered, t => Assert.Equal(t.Type.GetField("Name", BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue(), t.Name));
        Assert.Equal(registered.Count, registered.Select(t => t.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Discovery_ActivityClasses_LiveInAuditExecutionOrRollbackFolders()
    {
        var namespaces = WatcherTaskRegistration.Activities.Select(a => a.Type.Namespace).Distinct().Order().ToList();

        Assert.Equal(
            ["Watcher.Orchestrations.Activities.Audit", "Watcher.Orchestrations.Activities.Execution", "Watcher.Orchestrations.Activities.Rollback"],
            namespaces);
    }

    [Fact]
    public void NameOf_TypeWithoutNameConstant_ThrowsNamingTheType()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => WatcherTaskRegistration.NameOf(typeof(WatcherTaskRegistrationTests)));

        Assert.Contains(nameof(WatcherTaskRegistrationTests), ex.Message, StringComparison.Ordinal);
    }
}
