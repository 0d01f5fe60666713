namespace Watcher.ServiceDefaults.Tests;

/// <summary>Tests that block the thread pool on purpose run alone, so the timing of the others is not disturbed.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PoolBlockingCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "pool-blocking";
}
