using Microsoft.DurableTask;

namespace Watcher.Orchestrations;

/// <summary>An activity whose body is a delegate, so the local host can register <see cref="Activities.WatcherActivities"/> methods by name.</summary>
public sealed class DelegateActivity<TInput, TOutput>(Func<TInput, Task<TOutput>> body) : TaskActivity<TInput, TOutput>
{
    public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => body(input);
}
