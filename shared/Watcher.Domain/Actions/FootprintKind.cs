namespace Watcher.Domain.Actions;

/// <summary>What kind of resource an action touches, as planners see it.</summary>
public enum FootprintKind
{
    /// <summary>Effects unknown to planners (nop, sleep): ordered after everything before it and before everything after it.</summary>
    Barrier,

    /// <summary>Moves an instance from one host to another (uses capacity on the destination, frees it on the source).</summary>
    Migration,

    /// <summary>Changes a whole host (service state, power): ordered against every migration touching that host.</summary>
    Host,

    /// <summary>Changes one instance or volume in place: ordered against other actions on the same resource.</summary>
    Resource,
}
