namespace Watcher.Domain.Actions;

/// <summary>
/// The resources an action touches. <see cref="Resource"/> is the instance or volume, or for a host action the host
/// (by hostname when known, as migrations name hosts) with <see cref="Alias"/> its other identifier (the uuid);
/// <see cref="Source"/> and <see cref="Destination"/> are the hosts of a migration.
/// </summary>
public sealed record ActionFootprint(FootprintKind Kind, string? Resource = null, string? Source = null, string? Destination = null, string? Alias = null)
{
    /// <summary>
    /// True for a change to one instance that also changes how much of its host it uses (a resize): planners order it
    /// against the migrations touching the instance's host, as a host action.
    /// </summary>
    public bool UsesHostCapacity { get; init; }

    /// <summary>A barrier: effects unknown to planners.</summary>
    public static ActionFootprint Barrier { get; } = new(FootprintKind.Barrier);

    /// <summary>A migration of <paramref name="instance"/> between two hosts, or a barrier when any is missing.</summary>
    public static ActionFootprint Migration(string? instance, string? source, string? destination) =>
        instance is null || source is null || destination is null ? Barrier : new(FootprintKind.Migration, instance, source, destination);

    /// <summary>A change to a whole host named by <paramref name="hostname"/> and/or <paramref name="uuid"/>, or a barrier when neither is given.</summary>
    public static ActionFootprint Host(string? hostname, string? uuid) =>
        (hostname ?? uuid) is null ? Barrier : new(FootprintKind.Host, hostname ?? uuid, Alias: hostname is null ? null : uuid);

    /// <summary>A change to one instance or volume, or a barrier when it is not named.</summary>
    public static ActionFootprint OnResource(string? resource) => resource is null ? Barrier : new(FootprintKind.Resource, resource);
}
