using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Watcher.Orchestrations.Activities;

/// <summary>
/// Runs an activity class outside the Durable worker, for hosts that need one trigger method per activity (the
/// Functions app): creates it with its constructor dependencies from the container and calls its body. Activity
/// classes need no registration of their own; the Durable worker builds them the same way.
/// </summary>
public sealed class WatcherActivities(IServiceProvider services)
{
    public Task<TOutput> RunAsync<TActivity, TInput, TOutput>(TInput input)
        where TActivity : TaskActivity<TInput, TOutput> => RunWithAsync<TActivity, TInput, TOutput>(input);

    /// <summary>As <see cref="RunAsync{TActivity, TInput, TOutput}"/>, with constructor arguments the container does not hold (such as a trigger's durable client).</summary>
    public Task<TOutput> RunWithAsync<TActivity, TInput, TOutput>(TInput input, params object[] arguments)
        where TActivity : TaskActivity<TInput, TOutput> =>
        ActivatorUtilities.CreateInstance<TActivity>(services, arguments).RunAsync(new TriggerActivityContext(WatcherTaskRegistration.NameOf(typeof(TActivity))), input);

    /// <summary>The activity context of a call that came through a trigger rather than the Durable worker.</summary>
    private sealed class TriggerActivityContext(string name) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId => string.Empty;
    }
}
